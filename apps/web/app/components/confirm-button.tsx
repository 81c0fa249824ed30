import type { ButtonHTMLAttributes } from "react";

/** A button for what cannot be taken back (end the session, remove someone, clear a page): it asks first. */
export function ConfirmButton({ confirm, onConfirm, ...button }: { confirm: string; onConfirm: () => void } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "onClick">) {
  return (
    <button
      type="button"
      {...button}
      onClick={() => {
        if (window.confirm(confirm)) onConfirm();
      }}
    />
  );
}
