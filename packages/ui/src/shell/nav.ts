import { roles, type TRole } from "@yanxiu/domain/roles";
import type { TMessageKey } from "../i18n/index.ts";

/** The icons the navigation may show (resolved to antd icons in app-frame.tsx, so this model stays data). */
export type TNavIcon =
  | "home" | "courses" | "catalogue" | "credits" | "studios" | "live" | "coteaching" | "authoring" | "review"
  | "org" | "people" | "import" | "accounts" | "audit" | "creditAdmin" | "projects" | "dashboard" | "tenants" | "queues";

export type TNavItem = {
  href: string;
  label: TMessageKey;
  icon: TNavIcon;
  /** Served outside Remix (Bull Board): a full page load, not a client-side navigation. */
  document?: boolean;
  /** Other paths whose pages belong under this item (the player under 我的课程, a class under 我发布的课程 …). */
  also?: string[];
};
export type TNavGroup = { key: string; label: TMessageKey | null; items: TNavItem[] };

const item = (href: string, label: TMessageKey, icon: TNavIcon, document?: boolean): TNavItem => ({ href, label, icon, ...(document ? { document } : {}) });
const under = (it: TNavItem, ...also: string[]): TNavItem => ({ ...it, also });

const home = item("/", "nav.home", "home");
const learning: TNavItem[] = [
  under(item("/my/courses", "nav.myCourses", "courses"), "/learn"),
  item("/courses", "nav.catalogue", "catalogue"),
  under(item("/my/credits", "nav.myCredits", "credits"), "/my/projects"),
  under(item("/my/live", "nav.myLive", "live"), "/live"),
];
const studios = item("/studios", "nav.studios", "studios");
const coteaching = under(item("/coteaching/new", "nav.coteaching", "coteaching"), "/coteaching");
const authoring = under(item("/trainer/courses", "nav.authoring", "authoring"), "/teach");
const review = item("/review", "nav.review", "review");
const admin: TNavItem[] = [
  item("/admin/org", "admin.nav.org", "org"),
  item("/admin/people", "admin.nav.people", "people"),
  item("/admin/import", "admin.nav.import", "import"),
  item("/admin/accounts", "admin.nav.accounts", "accounts"),
  under(item("/admin/credits", "credits.admin.nav", "creditAdmin"), "/admin/rollups"),
  item("/admin/projects", "projects.nav", "projects"),
  under(item("/admin/dashboard", "dashboard.nav", "dashboard"), "/admin/reports"),
  item("/admin/audit", "admin.nav.audit", "audit"),
];
const platform: TNavItem[] = [item("/platform/tenants", "nav.tenants", "tenants"), item("/platform/projects", "nav.nationalProjects", "projects"), item("/platform/queues", "nav.queues", "queues", true)];

type TGroupKey = "learn" | "studio" | "teach" | "manage" | "platform";

/** What each role brings to the menu, by group. */
const byRole: Record<TRole, Partial<Record<TGroupKey, TNavItem[]>>> = {
  teacher: { learn: learning, studio: [studios] },
  masterTeacher: { studio: [studios, coteaching], learn: learning },
  trainer: { teach: [authoring], studio: [coteaching], learn: [under(item("/my/live", "nav.myLive", "live"), "/live")] },
  reviewer: { teach: [review] },
  orgAdmin: { manage: admin, studio: [studios] },
  provinceAdmin: { manage: admin, teach: [review, authoring], studio: [studios, coteaching] },
  platformOperator: { platform },
};

/** The order of a role's groups: its own work first. */
const groupOrder: Record<TRole, TGroupKey[]> = {
  platformOperator: ["platform"],
  provinceAdmin: ["manage", "teach", "studio"],
  orgAdmin: ["manage", "studio"],
  reviewer: ["teach"],
  trainer: ["teach", "studio", "learn"],
  masterTeacher: ["studio", "learn"],
  teacher: ["learn", "studio"],
};

const groupLabels: Record<TGroupKey, TMessageKey> = {
  learn: "nav.group.learn",
  studio: "nav.group.studio",
  teach: "nav.group.teach",
  manage: "nav.group.manage",
  platform: "nav.group.platform",
};

/**
 * The menu of a person holding these roles: 首页, then the groups each role brings, the most senior role's first
 * (an administrator's 管理 before the 学习 a teacher's role adds), every page once. The same model feeds the
 * side menu (desktop), the bottom tab bar and its 更多 drawer (phones).
 */
export function navFor(held: readonly TRole[]): TNavGroup[] {
  const bySeniority = roles.filter((r) => held.includes(r));
  const order: TGroupKey[] = [];
  for (const role of bySeniority) for (const g of groupOrder[role]) if (!order.includes(g)) order.push(g);
  const seen = new Set<string>([home.href]);
  const out: TNavGroup[] = [{ key: "home", label: null, items: [home] }];
  for (const key of order) {
    const items: TNavItem[] = [];
    for (const role of bySeniority) {
      for (const it of byRole[role][key] ?? []) {
        if (seen.has(it.href)) continue;
        seen.add(it.href);
        items.push(it);
      }
    }
    if (items.length) out.push({ key, label: groupLabels[key], items });
  }
  return out;
}

/**
 * The item a path belongs to: the longest href (or `also` path) that is the path or a parent of it ("/" only
 * for "/").
 */
export function activeNavItem(nav: readonly TNavGroup[], pathname: string): TNavItem | null {
  let best: TNavItem | null = null;
  let bestLength = -1;
  for (const g of nav) {
    for (const it of g.items) {
      for (const base of [it.href.split("?")[0]!, ...(it.also ?? [])]) {
        const hit = base === "/" ? pathname === "/" : pathname === base || pathname.startsWith(`${base}/`);
        if (hit && base.length > bestLength) {
          best = it;
          bestLength = base.length;
        }
      }
    }
  }
  return best;
}

/** The phone's bottom bar: 首页 and the first three other pages; the rest sit behind 更多. */
export function bottomBarItems(nav: readonly TNavGroup[]): { bar: TNavItem[]; more: boolean } {
  const all = nav.flatMap((g) => g.items);
  return { bar: all.slice(0, 4), more: all.length > 4 };
}
