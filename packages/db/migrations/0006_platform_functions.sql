-- The platform operator's two writes to the tenant table. The app role may only SELECT `tenant`; these
-- functions run as their owner and do exactly one thing each, so the app can create a province or change
-- its status and nothing else (no UPDATE of slugs, no DELETE). Routes call them for platform operators only.
CREATE FUNCTION platform_create_tenant(p_slug text, p_name text, p_code text) RETURNS uuid
  LANGUAGE sql SECURITY DEFINER SET search_path = public
  AS $$ INSERT INTO tenant (slug, name, code, kind) VALUES (p_slug, p_name, p_code, 'province') RETURNING id $$;--> statement-breakpoint
CREATE FUNCTION platform_set_tenant_status(p_id uuid, p_status text) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER SET search_path = public
  AS $$ UPDATE tenant SET status = p_status WHERE id = p_id AND kind = 'province' AND p_status IN ('active', 'suspended') RETURNING true $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION platform_create_tenant(text, text, text) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION platform_set_tenant_status(uuid, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION platform_create_tenant(text, text, text) TO yanxiu_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION platform_set_tenant_status(uuid, text) TO yanxiu_app;
