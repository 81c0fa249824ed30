export { AppFrame, PublicFrame, type TAppFrameProps, type TCrumb, type TLinkComponent } from "./app-frame.tsx";
export { activeNavItem, bottomBarItems, navFor, type TNavGroup, type TNavItem } from "./nav.ts";
