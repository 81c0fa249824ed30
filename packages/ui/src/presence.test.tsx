import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TPresenceEntry } from "@yanxiu/domain/socket";
import { PresenceList, type TPresenceMore } from "./presence.tsx";

const person = (i: number): TPresenceEntry => ({ userId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, displayName: `学员${String(i).padStart(5, "0")}`, role: "teacher" });
const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => person(from + i));
const more = (people: TPresenceEntry[] = [], extra: Partial<TPresenceMore> = {}): TPresenceMore => ({ people, loading: false, failed: false, hasMore: true, onMore: () => {}, onLess: () => {}, ...extra });
const items = (html: string) => [...html.matchAll(/data-user-id="([^"]+)"/g)].map((m) => m[1]);

describe("PresenceList", () => {
  it("a province with more online than a page shows the count, the first page and a way to see more", () => {
    const html = renderToStaticMarkup(<PresenceList state="online" total={10_000} online={page(0, 50)} selfId={person(3).userId} more={more()} />);
    expect(html).toContain("10000 人在线");
    expect(items(html)).toHaveLength(50);
    expect(html).toContain("学员00003（我）");
    expect(html).toContain("查看更多（还有 9950 人）");
    expect(html).not.toContain("收起");
  });

  it("pages read on demand follow the first page once each, and can be folded away", () => {
    // The second page overlaps the first by one (it was read a moment later): listed once.
    const html = renderToStaticMarkup(<PresenceList state="online" total={120} online={page(0, 50)} selfId="x" more={more(page(49, 51))} />);
    expect(items(html)).toEqual(page(0, 100).map((p) => p.userId));
    expect(html).toContain("查看更多（还有 20 人）");
    expect(html).toContain("收起");
  });

  it("everyone shown: no more button; a failed page says so", () => {
    const all = renderToStaticMarkup(<PresenceList state="online" total={60} online={page(0, 50)} selfId="x" more={more(page(50, 10), { hasMore: false })} />);
    expect(items(all)).toHaveLength(60);
    expect(all).not.toContain("查看更多");
    const failed = renderToStaticMarkup(<PresenceList state="online" total={60} online={page(0, 50)} selfId="x" more={more([], { failed: true })} />);
    expect(failed).toContain("名单加载失败");
  });

  it("alone online: says nobody else is; connecting and offline say so", () => {
    expect(renderToStaticMarkup(<PresenceList state="online" total={1} online={[person(1)]} selfId={person(1).userId} more={more()} />)).toContain("暂时没有其他人在线");
    expect(renderToStaticMarkup(<PresenceList state="connecting" total={0} online={[]} selfId="x" />)).toContain("正在连接");
    expect(renderToStaticMarkup(<PresenceList state="offline" total={3} online={page(0, 3)} selfId="x" />)).toContain("实时连接已断开");
  });
});
