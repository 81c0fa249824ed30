import { useState } from "react";
import { paragraphsOf } from "@yanxiu/domain/project-evaluation";
import { t } from "@yanxiu/ui/i18n";
import { FileUpload } from "../file-upload.tsx";

export type TBriefView = { id: string; title: string; body: string; imageIds: string[]; postedOn: string; authorName: string };

/**
 * One brief as people read it: the title, the day, the paragraphs as text (never HTML) and the images after
 * them, each a link to the full-size file.
 */
export function BriefArticle({ b, children }: { b: TBriefView; children?: React.ReactNode }) {
  return (
    <article className="yx-brief" data-testid="brief">
      <h3>{b.title}</h3>
      <p className="yx-muted">
        {b.postedOn}
        {b.authorName ? ` · ${b.authorName}` : ""}
      </p>
      {paragraphsOf(b.body).map((p, i) => (
        <p key={i} className="yx-brief-p">
          {p}
        </p>
      ))}
      {b.imageIds.length > 0 ? (
        <div className="yx-brief-images">
          {b.imageIds.map((id, i) => (
            <a key={id} href={`/files/${id}`} target="_blank" rel="noreferrer">
              <img src={`/files/${id}`} alt={t("evaluation.brief.image", { n: i + 1, title: b.title })} loading="lazy" />
            </a>
          ))}
        </div>
      ) : null}
      {children}
    </article>
  );
}

/**
 * The images of a brief being written: those it has (each with 移除), and upload slots for more, up to nine.
 * Every kept or uploaded image is a hidden `imageIds` input.
 */
export function BriefImages({ initial, max }: { initial: string[]; max: number }) {
  const [kept, setKept] = useState(initial);
  const [slots, setSlots] = useState(1);
  const free = Math.max(0, max - kept.length);
  return (
    <fieldset className="yx-field yx-brief-images-field">
      <legend>{t("evaluation.brief.images", { max })}</legend>
      {kept.length > 0 ? (
        <ul className="yx-brief-thumbs">
          {kept.map((id) => (
            <li key={id}>
              <input type="hidden" name="imageIds" value={id} />
              <img src={`/files/${id}`} alt="" />
              <button type="button" onClick={() => setKept((k) => k.filter((x) => x !== id))}>
                {t("evaluation.brief.removeImage")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {Array.from({ length: Math.min(slots, free) }, (_, i) => (
        <FileUpload key={i} purpose="projectBrief" name="imageIds" label={t("evaluation.brief.addImage")} onUploaded={() => setSlots((n) => n + 1)} />
      ))}
    </fieldset>
  );
}
