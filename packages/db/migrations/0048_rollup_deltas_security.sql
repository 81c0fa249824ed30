-- Row-level security, grants, the two reading views and the pending-fold probe for the rollup deltas
-- (decision 033; see 0001 for why security is hand-written). Awards append deltas; the fold deletes them.
ALTER TABLE "org_rollup_delta" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "org_rollup_delta" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "org_rollup_delta"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "org_rollup_delta" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "org_rollup_hours_delta" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "org_rollup_hours_delta" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "org_rollup_hours_delta"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "org_rollup_hours_delta" TO yanxiu_app;--> statement-breakpoint
-- What readers read: the folded rows plus what is not folded yet. security_invoker: the reader's own
-- row-level security applies to every table underneath (a plain view would run as its owner).
CREATE VIEW "org_rollup_now" WITH (security_invoker = true) AS
  SELECT r.tenant_id, r.org_unit_id, r.teachers, r.rural_teachers,
         r.enrollments + coalesce(d.enrollments, 0) AS enrollments,
         r.completions + coalesce(d.completions, 0) AS completions,
         (r.hours_this_year + coalesce(d.hours_this_year, 0))::numeric(12, 1) AS hours_this_year,
         (r.hours_this_cycle + coalesce(d.hours_this_cycle, 0))::numeric(12, 1) AS hours_this_cycle,
         r.teachers_on_pace + coalesce(d.teachers_on_pace, 0) AS teachers_on_pace,
         r.rural_teachers_on_pace + coalesce(d.rural_teachers_on_pace, 0) AS rural_teachers_on_pace,
         r.computed_at, r.as_of,
         r.assigned_enrollments + coalesce(d.assigned_enrollments, 0) AS assigned_enrollments,
         r.assigned_completions + coalesce(d.assigned_completions, 0) AS assigned_completions,
         r.backbone
  FROM org_rollup r
  LEFT JOIN LATERAL (
    SELECT sum(x.hours_this_year) AS hours_this_year, sum(x.hours_this_cycle) AS hours_this_cycle,
           sum(x.teachers_on_pace)::int AS teachers_on_pace, sum(x.rural_teachers_on_pace)::int AS rural_teachers_on_pace,
           sum(x.completions)::int AS completions, sum(x.enrollments)::int AS enrollments,
           sum(x.assigned_completions)::int AS assigned_completions, sum(x.assigned_enrollments)::int AS assigned_enrollments
    FROM org_rollup_delta x WHERE x.tenant_id = r.tenant_id AND x.org_unit_id = r.org_unit_id
  ) d ON true;--> statement-breakpoint
CREATE VIEW "org_rollup_hours_now" WITH (security_invoker = true) AS
  SELECT tenant_id, org_unit_id, month, category, sum(hours)::numeric(14, 1) AS hours
  FROM (
    SELECT tenant_id, org_unit_id, month, category, hours FROM org_rollup_hours
    UNION ALL
    SELECT tenant_id, org_unit_id, month, category, hours FROM org_rollup_hours_delta
  ) u
  GROUP BY tenant_id, org_unit_id, month, category;--> statement-breakpoint
GRANT SELECT ON "org_rollup_now", "org_rollup_hours_now" TO yanxiu_app;--> statement-breakpoint
-- Which of these tenants have deltas waiting to be folded: the worker asks every ~250 ms, in one round
-- trip instead of one transaction per province. It runs as the caller (SECURITY INVOKER, the default):
-- it sets app.tenant_id to each id in turn, exactly as withTenant would, so row-level security decides
-- what each probe sees; it returns ids only, and puts the caller's setting back.
CREATE FUNCTION rollup_deltas_pending(p_ids uuid[]) RETURNS SETOF uuid
  LANGUAGE plpgsql SECURITY INVOKER SET search_path = public
  AS $$
DECLARE
  t uuid;
  saved text := current_setting('app.tenant_id', true);
BEGIN
  FOREACH t IN ARRAY coalesce(p_ids, '{}') LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    IF EXISTS (SELECT 1 FROM org_rollup_delta) OR EXISTS (SELECT 1 FROM org_rollup_hours_delta) THEN
      RETURN NEXT t;
    END IF;
  END LOOP;
  PERFORM set_config('app.tenant_id', coalesce(saved, ''), true);
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION rollup_deltas_pending(uuid[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION rollup_deltas_pending(uuid[]) TO yanxiu_app;
