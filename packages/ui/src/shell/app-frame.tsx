import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BellOutlined,
  BarChartOutlined,
  CloudServerOutlined,
  DashboardOutlined,
  EditOutlined,
  FileSearchOutlined,
  HomeOutlined,
  IdcardOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  ReadOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  TrophyOutlined,
  UploadOutlined,
  UserOutlined,
  UsergroupAddOutlined,
  VideoCameraOutlined,
} from "@ant-design/icons";
import { Avatar, Badge, Breadcrumb, Button, Drawer, Dropdown, Layout, Menu, type MenuProps } from "antd";
import { useState, type ComponentType, type ReactNode } from "react";
import { t } from "../i18n/index.ts";
import { activeNavItem, bottomBarItems, type TNavGroup, type TNavIcon, type TNavItem } from "./nav.ts";

const icons: Record<TNavIcon, ComponentType> = {
  home: HomeOutlined,
  courses: ReadOutlined,
  catalogue: AppstoreOutlined,
  credits: TrophyOutlined,
  studios: TeamOutlined,
  live: VideoCameraOutlined,
  coteaching: UsergroupAddOutlined,
  authoring: EditOutlined,
  review: AuditOutlined,
  org: ApartmentOutlined,
  people: UserOutlined,
  import: UploadOutlined,
  accounts: IdcardOutlined,
  audit: FileSearchOutlined,
  creditAdmin: SafetyCertificateOutlined,
  projects: ProjectOutlined,
  dashboard: BarChartOutlined,
  tenants: CloudServerOutlined,
  queues: DashboardOutlined,
};

/** The router's link (Remix's <Link> in the web app), so this package stays free of the router. */
export type TLinkComponent = ComponentType<{ to: string; reloadDocument?: boolean; className?: string; children: ReactNode; "aria-current"?: "page"; onClick?: () => void }>;

export type TCrumb = { label: string; href?: string };

export type TAppFrameProps = {
  tenantName: string;
  user: { displayName: string; roleLabel: string };
  nav: TNavGroup[];
  pathname: string;
  /** The signed-in person's unread 消息 (capped: `unreadCap` and above shows 99+); the bell links to /notifications. */
  unread?: number;
  unreadCap?: number;
  /** Below 首页 and the menu item of the page: the page's own trail (e.g. a course, then a unit). */
  crumbs?: TCrumb[];
  Link: TLinkComponent;
  children: ReactNode;
};

function NavIcon({ icon }: { icon: TNavIcon }) {
  const I = icons[icon];
  return <I />;
}

function menuItems(nav: TNavGroup[], Link: TLinkComponent, onNavigate?: () => void): MenuProps["items"] {
  const leaf = (it: TNavItem) => ({
    key: it.href,
    icon: <NavIcon icon={it.icon} />,
    label: (
      <Link to={it.href} reloadDocument={it.document} onClick={onNavigate}>
        {t(it.label)}
      </Link>
    ),
  });
  return nav.map((g) => (g.label ? { type: "group" as const, key: g.key, label: t(g.label), children: g.items.map(leaf) } : { type: "group" as const, key: g.key, children: g.items.map(leaf) }));
}

/**
 * The frame of every signed-in page: the side menu by role (desktop, collapsible), a top bar with the province,
 * the breadcrumb and the account menu, and on phones a bottom tab bar with 更多 for the rest of the menu. Which
 * of the side menu and the tab bar shows is decided by CSS media queries, so the server-rendered page is right
 * before any script runs.
 */
export function AppFrame(props: TAppFrameProps) {
  const { Link } = props;
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const active = activeNavItem(props.nav, props.pathname);
  const signedInAs = t("nav.signedInAs", { name: props.user.displayName, role: props.user.roleLabel });
  const selected = active ? [active.href] : [];
  const { bar, more } = bottomBarItems(props.nav);
  const crumbs: TCrumb[] = [
    { label: t("nav.home"), href: props.pathname === "/" ? undefined : "/" },
    ...(active && active.href !== "/" ? [{ label: t(active.label), href: props.crumbs?.length ? active.href : undefined }] : []),
    ...(props.crumbs ?? []),
  ];
  const userMenu: MenuProps["items"] = [
    { key: "profile", icon: <UserOutlined />, label: <Link to="/account">{t("nav.profile")}</Link> },
    { key: "password", icon: <SafetyCertificateOutlined />, label: <Link to="/account/password">{t("nav.password")}</Link> },
    { type: "divider" },
    {
      key: "signOut",
      label: (
        <form method="post" action="/logout" className="yx-signout">
          <button type="submit">{t("nav.signOut")}</button>
        </form>
      ),
    },
  ];
  return (
    <Layout className="yx-frame">
      <a className="yx-skip" href="#main">
        {t("nav.skipToContent")}
      </a>
      <Layout.Sider className="yx-sider" width={224} collapsedWidth={64} collapsed={collapsed} trigger={null} theme="dark">
        <Link to="/" className="yx-sider-brand" aria-label={collapsed ? t("nav.homeOf", { app: t("app.name") }) : undefined}>
          <span className="yx-logo" aria-hidden="true">
            研
          </span>
          {collapsed ? null : <span className="yx-sider-name">{t("app.name")}</span>}
        </Link>
        <nav aria-label={t("nav.main")}>
          {/* Tooltips only when collapsed (they show the hidden labels): one per item costs every page's render otherwise. */}
          <Menu theme="dark" mode="inline" inlineCollapsed={collapsed} tooltip={collapsed ? undefined : false} selectedKeys={selected} items={menuItems(props.nav, Link)} />
        </nav>
      </Layout.Sider>
      <Layout className="yx-frame-body">
        <Layout.Header className="yx-topbar">
          <Button
            className="yx-collapse"
            type="text"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            aria-label={collapsed ? t("nav.expand") : t("nav.collapse")}
            onClick={() => setCollapsed((c) => !c)}
          />
          <Link to="/" className="yx-topbar-brand" aria-label={t("nav.homeOf", { app: t("app.name") })}>
            <span className="yx-logo" aria-hidden="true">
              研
            </span>
          </Link>
          <span className="yx-tenant">{props.tenantName}</span>
          <span className="yx-topbar-spacer" />
          {props.unread === undefined ? null : <NotificationBell unread={props.unread} cap={props.unreadCap ?? 100} active={props.pathname === "/notifications"} Link={Link} />}
          <Dropdown menu={{ items: userMenu }} trigger={["click"]} placement="bottomRight">
            <Button type="text" className="yx-user-button" aria-haspopup="menu">
              <Avatar size="small" className="yx-avatar" aria-hidden="true">
                {props.user.displayName.slice(0, 1)}
              </Avatar>
              <span data-testid="signed-in-as" className="yx-user-name">
                {signedInAs}
              </span>
              <span className="yx-sr-only">{t("nav.userMenu")}</span>
            </Button>
          </Dropdown>
        </Layout.Header>
        <nav className="yx-breadcrumb-bar" aria-label={t("nav.breadcrumb")}>
          <Breadcrumb items={crumbs.map((c) => ({ title: c.href ? <Link to={c.href}>{c.label}</Link> : c.label }))} />
        </nav>
        <Layout.Content id="main" className="yx-content" tabIndex={-1}>
          {props.children}
        </Layout.Content>
      </Layout>
      <nav className="yx-tabbar" aria-label={t("nav.tabbar")}>
        {bar.map((it) => (
          <Link key={it.href} to={it.href} reloadDocument={it.document} className={active?.href === it.href ? "yx-tab-item yx-tab-item-active" : "yx-tab-item"} aria-current={active?.href === it.href ? "page" : undefined}>
            <NavIcon icon={it.icon} />
            <span>{t(it.label)}</span>
          </Link>
        ))}
        {more ? (
          <button type="button" className="yx-tab-item" onClick={() => setDrawer(true)}>
            <MenuOutlined />
            <span>{t("nav.more")}</span>
          </button>
        ) : null}
      </nav>
      <Drawer title={props.tenantName} placement="bottom" open={drawer} onClose={() => setDrawer(false)} size="70%" className="yx-more-drawer">
        <Menu mode="inline" tooltip={false} selectedKeys={selected} items={menuItems(props.nav, Link, () => setDrawer(false))} />
      </Drawer>
    </Layout>
  );
}

/** The bell in the top bar: the unread count as a badge (none at 0), and the way to the 消息 page. */
function NotificationBell(props: { unread: number; cap: number; active: boolean; Link: TLinkComponent }) {
  const { Link } = props;
  const label = props.unread > 0 ? t("notifications.bellUnread", { count: props.unread >= props.cap ? t("notifications.bellMany") : props.unread }) : t("notifications.bell");
  return (
    <Link to="/notifications" className={props.active ? "yx-bell yx-bell-active" : "yx-bell"} aria-current={props.active ? "page" : undefined}>
      <span data-testid="notification-bell" data-unread={props.unread}>
        <Badge count={props.unread} overflowCount={props.cap - 1} size="small">
          <BellOutlined className="yx-bell-icon" aria-hidden="true" />
        </Badge>
      </span>
      <span className="yx-sr-only">{label}</span>
    </Link>
  );
}

/** The frame of pages for people not signed in (sign-in, certificate verification): the product and the province. */
export function PublicFrame(props: { tenantName: string; children: ReactNode }) {
  return (
    <div className="yx-public">
      <header className="yx-public-header">
        <a href="/" className="yx-public-brand">
          <span className="yx-logo" aria-hidden="true">
            研
          </span>
          <span className="yx-sider-name">{t("app.name")}</span>
          <span className="yx-tenant">{props.tenantName}</span>
        </a>
      </header>
      <main id="main" className="yx-public-main">
        {props.children}
      </main>
    </div>
  );
}
