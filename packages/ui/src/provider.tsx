import { ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import type { ReactNode } from "react";
import { runtimeTheme } from "./theme.ts";

dayjs.locale("zh-cn");

/**
 * antd's configuration for every page: zh_CN texts (and dayjs in zh-cn for the date pickers), the Yanxiu theme in
 * zero-runtime mode (the styles come from the baked stylesheet, decision 018), and this response's CSP nonce
 * for any style antd would still add (none is expected; the nonce makes one visible in tests instead of refused).
 */
export function UiProvider(props: { nonce?: string; children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} theme={runtimeTheme} csp={props.nonce ? { nonce: props.nonce } : undefined}>
      {props.children}
    </ConfigProvider>
  );
}
