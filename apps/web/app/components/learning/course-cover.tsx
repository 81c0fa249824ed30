/** Gradient pairs for generated covers; a category always gets the same one. */
const palette = [
  ["#1d4ed8", "#60a5fa"],
  ["#047857", "#34d399"],
  ["#b45309", "#fbbf24"],
  ["#7c3aed", "#c4b5fd"],
  ["#be123c", "#fb7185"],
  ["#0e7490", "#67e8f9"],
  ["#4d7c0f", "#a3e635"],
  ["#9d174d", "#f0abfc"],
] as const;

/** A small, stable string hash (FNV-1a), so the colours of a category are the same on every page and every day. */
export function coverColours(category: string): readonly [string, string] {
  let h = 0x811c9dc5;
  for (let i = 0; i < category.length; i++) {
    h ^= category.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return palette[(h >>> 0) % palette.length]!;
}

/**
 * A course's cover: the uploaded cover image when the version has one, else a cover drawn from the category
 * (its colours) and the title. Decorative — the title is next to it — so it is hidden from screen readers.
 */
export function CourseCover(props: { title: string; categoryName: string; coverFileId: string | null; size?: "card" | "banner" | "thumb" }) {
  const size = props.size ?? "card";
  if (props.coverFileId) {
    return (
      <div className={`yx-course-cover yx-course-cover-${size}`} data-testid="course-cover" data-kind="image" aria-hidden="true">
        <img src={`/files/${props.coverFileId}`} alt="" loading="lazy" />
      </div>
    );
  }
  const [from, to] = coverColours(props.categoryName);
  return (
    <div
      className={`yx-course-cover yx-course-cover-${size} yx-course-cover-generated`}
      data-testid="course-cover"
      data-kind="generated"
      aria-hidden="true"
      style={{ backgroundImage: `linear-gradient(135deg, ${from} 0%, ${to} 100%)` }}
    >
      <span className="yx-course-cover-category">{props.categoryName}</span>
      {size === "thumb" ? null : <span className="yx-course-cover-title">{props.title}</span>}
    </div>
  );
}

