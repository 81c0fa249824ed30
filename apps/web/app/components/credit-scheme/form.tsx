import { awardCategories, organiserLevels } from "@yanxiu/domain/credits";
import { approvalLevels, categoryLabel, consequenceFlags, fixedPointKinds, fixedPointLabel, flagLabel, levelLabel, roleLabel, schemeRoles, unitLabel, creditUnits } from "@yanxiu/domain/credit-scheme";
import { t } from "@yanxiu/ui/i18n";
import { ScrollX } from "@yanxiu/ui/layout";
import { CheckField, FieldError, FormStateProvider, NumberField, Section, SelectField, TextField, type TFormState } from "./fields.tsx";

const categories = awardCategories.map((c) => [c, categoryLabel[c]] as const);
const levels = organiserLevels.map((l) => [l, levelLabel[l]] as const);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The scheme draft's form body, section by section (the route wraps it in its <Form> with the save button).
 * Repeatable tables show `rows` rows each: the filled ones and a few blank ones, which a save drops; a
 * save shows as many blank rows again, so rows are added without JavaScript.
 */
export function SchemeFormBody(props: TFormState & { rows: Record<"conversions" | "cover" | "fixedPoints", number> }) {
  return (
    <FormStateProvider value={{ values: props.values, errors: props.errors }}>
      <Section title={t("scheme.form.basics")}>
        <div className="yx-form-grid">
          <TextField name="name" label={t("scheme.form.name")} maxLength={100} />
          <TextField name="effectiveFrom" label={t("scheme.form.effectiveFrom")} type="date" />
          <SelectField name="unit" label={t("scheme.form.unit")} options={creditUnits.map((u) => [u, unitLabel[u]] as const)} />
          <NumberField name="cycle.years" label={t("scheme.form.cycleYears")} />
          <SelectField name="cycle.anchor" label={t("scheme.form.anchor")} options={[["calendar", t("scheme.form.anchorCalendar")], ["hireDate", t("scheme.form.anchorHire")]]} />
          <NumberField name="cycle.startYear" label={t("scheme.form.startYear")} />
          <SelectField name="creditYearStartMonth" label={t("scheme.form.creditYearStartMonth")} options={range(12).map((i) => [String(i + 1), `${i + 1} 月`] as const)} />
          <SelectField name="rounding.mode" label={t("scheme.form.roundingMode")} options={(["round", "floor", "ceil"] as const).map((m) => [m, t(`scheme.round.${m}`)] as const)} />
          <SelectField name="rounding.decimals" label={t("scheme.form.decimals")} options={[["0", "0"], ["1", "1"], ["2", "2"]]} />
        </div>
        <FieldError name="cycle" />
        <TextField name="notes" label={t("scheme.form.notes")} wide maxLength={2000} />
      </Section>

      <Section title={t("scheme.form.requirements")}>
        <div className="yx-form-grid">
          <NumberField name="cycleMinimum" label={t("scheme.form.cycleMinimum")} />
          <NumberField name="yearlyMinimum" label={t("scheme.form.yearlyMinimum")} />
          <NumberField name="countyOrAbove.minAmount" label={t("scheme.form.coaAmount")} />
          <NumberField name="countyOrAbove.minShare" label={t("scheme.form.coaShare")} />
        </div>
        <FieldError name="countyOrAbove" />
      </Section>

      <Section title={t("scheme.form.conversions")} hint={t("scheme.form.conversionsHint")} error="conversions">
        <div className="yx-form-grid">
          <NumberField name="defaultRate" label={t("scheme.form.defaultRate")} />
        </div>
        <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table yx-scheme-rows" data-testid="conversion-rows">
            <thead>
              <tr>
                <th scope="col">{t("scheme.form.category")}</th>
                <th scope="col">{t("scheme.form.level")}</th>
                <th scope="col">{t("scheme.form.role")}</th>
                <th scope="col">{t("scheme.form.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {range(props.rows.conversions).map((i) => (
                <tr key={i}>
                  <td>
                    <SelectField hideLabel name={`conversions.${i}.category`} label={`${t("scheme.form.row", { n: i + 1 })} ${t("scheme.form.category")}`} options={categories} blank={t("scheme.form.choose")} />
                  </td>
                  <td>
                    <SelectField hideLabel name={`conversions.${i}.level`} label={`${t("scheme.form.row", { n: i + 1 })} ${t("scheme.form.level")}`} options={levels} blank={t("scheme.form.any")} />
                  </td>
                  <td>
                    <SelectField hideLabel name={`conversions.${i}.role`} label={`${t("scheme.form.row", { n: i + 1 })} ${t("scheme.form.role")}`} options={schemeRoles.map((r) => [r, roleLabel[r]] as const)} blank={t("scheme.form.any")} />
                  </td>
                  <td>
                    <NumberField hideLabel name={`conversions.${i}.rate`} label={`${t("scheme.form.row", { n: i + 1 })} ${t("scheme.form.rate")}`} />
                    <FieldError name={`conversions.${i}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
        <p className="yx-muted">{t("scheme.form.moreRows")}</p>
      </Section>

      <Section title={t("scheme.form.limits")} error="categoryLimits">
        <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table yx-scheme-rows">
            <thead>
              <tr>
                <th scope="col">{t("scheme.form.category")}</th>
                {(["yearMin", "yearMax", "cycleMin", "cycleMax"] as const).map((k) => (
                  <th key={k} scope="col">
                    {t(`scheme.form.${k}`)}
                  </th>
                ))}
                <th scope="col">{t("scheme.form.minDays")}</th>
              </tr>
            </thead>
            <tbody>
              {awardCategories.map((c) => (
                <tr key={c}>
                  <th scope="row">{categoryLabel[c]}</th>
                  {(["yearMin", "yearMax", "cycleMin", "cycleMax"] as const).map((k) => (
                    <td key={k}>
                      <NumberField hideLabel name={`categoryLimits.${c}.${k}`} label={`${categoryLabel[c]} ${t(`scheme.form.${k}`)}`} />
                    </td>
                  ))}
                  <td>
                    <NumberField hideLabel name={`eligibility.minDurationDays.${c}`} label={`${categoryLabel[c]} ${t("scheme.form.minDays")}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      </Section>

      <Section title={t("scheme.form.cover")} hint={t("scheme.form.coverHint")} error="cover">
        {range(props.rows.cover).map((i) => (
          <div key={i} className="yx-form-grid">
            <SelectField name={`cover.${i}.from`} label={`${t("scheme.form.row", { n: i + 1 })} ${t("scheme.form.from")}`} options={categories} blank={t("scheme.form.choose")} />
            <SelectField name={`cover.${i}.to`} label={t("scheme.form.to")} options={categories} blank={t("scheme.form.choose")} />
            <FieldError name={`cover.${i}`} />
          </div>
        ))}
        <p>{t("scheme.form.neverCovers")}</p>
        <div>
          {awardCategories.map((c) => (
            <CheckField key={c} name={`neverCovers.${c}`} label={categoryLabel[c]} />
          ))}
        </div>
        <FieldError name="neverCovers" />
      </Section>

      <Section title={t("scheme.form.fixedPoints")} hint={t("scheme.form.fixedPointsHint")} error="fixedPoints">
        {range(props.rows.fixedPoints).map((i) => {
          const p = `fixedPoints.${i}`;
          return (
            <fieldset key={i} className="yx-scheme-item">
              <legend>{t("scheme.form.row", { n: i + 1 })}</legend>
              <div className="yx-form-grid">
                <SelectField name={`${p}.kind`} label={t("scheme.form.kind")} options={fixedPointKinds.map((k) => [k, fixedPointLabel[k]] as const)} blank={t("scheme.form.choose")} />
                <SelectField name={`${p}.category`} label={t("scheme.form.countsIn")} options={categories} blank={t("scheme.form.choose")} />
                {organiserLevels.map((l) => (
                  <NumberField key={l} name={`${p}.valueByLevel.${l}`} label={levelLabel[l]} />
                ))}
                <NumberField name={`${p}.yearlyCap`} label={t("scheme.form.yearlyCap")} />
                <TextField name={`${p}.evidence`} label={t("scheme.form.evidence")} />
              </div>
              <FieldError name={`${p}.valueByLevel`} />
              <p>
                {t("scheme.form.chain")}：
                {approvalLevels.map((a) => (
                  <CheckField key={a} name={`${p}.approvalChain.${a}`} label={t(`scheme.form.approval.${a}`)} />
                ))}
              </p>
              <FieldError name={`${p}.approvalChain`} />
              <FieldError name={p} />
            </fieldset>
          );
        })}
      </Section>

      <Section title={t("scheme.form.eligibility")} error="eligibility">
        <CheckField name="eligibility.accreditedProvidersOnly" label={t("scheme.form.accredited")} />
        <CheckField name="eligibility.assessmentRequired" label={t("scheme.form.assessment")} />
      </Section>

      <Section title={t("scheme.form.tracks")} error="tracks">
        <div className="yx-form-grid">
          <NumberField name="tracks.newTeacher.firstYearMinimum" label={t("scheme.form.newTeacher")} />
          <NumberField name="tracks.classTeacher.cycleMinimum" label={t("scheme.form.classTeacher")} />
          <NumberField name="tracks.principal.cycleMinimum" label={t("scheme.form.principal")} />
        </div>
        <FieldError name="tracks.classTeacher" />
        <FieldError name="tracks.principal" />
      </Section>

      <Section title={t("scheme.form.flags")} error="flags">
        {consequenceFlags.map((f) => (
          <CheckField key={f} name={`flags.${f}`} label={flagLabel[f]} />
        ))}
      </Section>
    </FormStateProvider>
  );
}
