-- nomination.attended_days = the trainee's rows in project_attendance (one row per day: the key), kept by statement
-- triggers so that every path that records or removes a day (check-in, hand marks, bulk loads) keeps it (decision
-- 031). They run as the writer, under its RLS: the rows of one statement are of the writer's tenant.
CREATE FUNCTION project_attendance_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE nomination n SET attended_days = n.attended_days + d.c
  FROM (SELECT tenant_id, nomination_id, count(*)::int AS c FROM added GROUP BY tenant_id, nomination_id) d
  WHERE n.tenant_id = d.tenant_id AND n.id = d.nomination_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION project_attendance_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE nomination n SET attended_days = n.attended_days - d.c
  FROM (SELECT tenant_id, nomination_id, count(*)::int AS c FROM removed GROUP BY tenant_id, nomination_id) d
  WHERE n.tenant_id = d.tenant_id AND n.id = d.nomination_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER project_attendance_count_added AFTER INSERT ON "project_attendance" REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION project_attendance_count_added();--> statement-breakpoint
CREATE TRIGGER project_attendance_count_removed AFTER DELETE ON "project_attendance" REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION project_attendance_count_removed();--> statement-breakpoint
-- A day's row never moves to another trainee: the count would go wrong (nothing updates these columns today).
CREATE FUNCTION project_attendance_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR NEW.nomination_id IS DISTINCT FROM OLD.nomination_id THEN
    RAISE EXCEPTION 'project_attendance: a day belongs to its trainee' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER project_attendance_fixed BEFORE UPDATE ON "project_attendance" FOR EACH ROW EXECUTE FUNCTION project_attendance_fixed();--> statement-breakpoint
-- The days already recorded. The owner is subject to the forced policies too, so the backfill runs one tenant at
-- a time with that tenant's setting (transaction-local), as the app does.
DO $$
DECLARE t uuid;
BEGIN
  FOR t IN SELECT id FROM tenant LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    UPDATE nomination n SET attended_days = a.c
    FROM (SELECT nomination_id, count(*)::int AS c FROM project_attendance GROUP BY nomination_id) a
    WHERE n.id = a.nomination_id;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_attended_days_check" CHECK ("attended_days" >= 0);
