import type { ThemeConfig } from "antd";

/**
 * The design tokens of Yanxiu (decision 018). One theme for every province; the CSS for it is baked at build
 * time (`pnpm --filter @yanxiu/ui build:css` → src/generated/antd.css) and the browser and the server render
 * antd in zero-runtime mode, so no style is computed per request and no <style> tag is injected at runtime.
 *
 * `cssVar.key` names the class that carries the token variables (`.yx`), set on <body>; `hashed: false` keeps
 * antd's class names stable between the baked CSS and what components render.
 */
export const themeTokens = {
  /** 教育蓝: the primary of government and education portals, AA contrast on white for text and buttons. */
  colorPrimary: "#1d5fbf",
  colorSuccess: "#17753f",
  colorWarning: "#98480a",
  // The tints antd derives from these darker colours are greyish; light ones keep tags at AA contrast.
  colorSuccessBg: "#e8f5ec",
  colorSuccessBorder: "#a8d5b5",
  colorWarningBg: "#fdf3e7",
  colorWarningBorder: "#f0c89a",
  colorError: "#c0262d",
  colorInfo: "#1d5fbf",
  colorLink: "#1d5fbf",
  colorTextBase: "#1f2933",
  colorBgLayout: "#f3f5f8",
  // antd's secondary texts (descriptions, statistic titles) at 45 % black fail WCAG AA contrast: darker here.
  colorTextDescription: "rgba(0, 0, 0, 0.62)",
  colorTextTertiary: "rgba(0, 0, 0, 0.62)",
  borderRadius: 6,
  fontSize: 14,
  fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", system-ui, -apple-system, "Segoe UI", sans-serif',
} as const;

export const themeCssVarKey = "yx";

/** The theme the CSS is baked from. */
export const bakedTheme: ThemeConfig = {
  hashed: false,
  cssVar: { key: themeCssVarKey },
  token: themeTokens,
  components: {
    Layout: { siderBg: "#0f2747", headerBg: "#ffffff", headerHeight: 56, headerPadding: "0 16px", bodyBg: themeTokens.colorBgLayout },
    // Breadcrumb links in antd's default (45 % black) fail WCAG AA contrast on the layout grey.
    Breadcrumb: { linkColor: "rgba(0, 0, 0, 0.65)", separatorColor: "rgba(0, 0, 0, 0.55)", itemColor: "rgba(0, 0, 0, 0.65)" },
    Menu: { darkItemBg: "#0f2747", darkSubMenuItemBg: "#0b1f3a", darkItemSelectedBg: themeTokens.colorPrimary },
  },
};

/** The theme the app renders with: the same tokens, no runtime style generation. */
export const runtimeTheme: ThemeConfig = { ...bakedTheme, zeroRuntime: true };
