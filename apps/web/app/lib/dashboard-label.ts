import { t, type TMessageKey } from "@yanxiu/ui/i18n";

/** The Chinese words of a dashboard sheet's headers and cells (the service names them by key). */
export function dashboardLabel(year: number) {
  return (key: string): string => {
    const [head, rest] = [key.slice(0, key.indexOf(".")), key.slice(key.indexOf(".") + 1)];
    if (head === "kind") return t(`orgKind.${rest}` as TMessageKey);
    if (head === "category") return t(`credits.category.${rest}` as TMessageKey);
    if (head === "backbone") return t(`dashboard.backbone.${rest}` as TMessageKey);
    if (head === "chart") return t(`dashboard.chart.${rest}` as TMessageKey, { year });
    return t(`dashboard.sheet.${key}` as TMessageKey);
  };
}
