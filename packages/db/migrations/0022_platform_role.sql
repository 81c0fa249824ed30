-- The platform console's two writes to the tenant table (0006) run as their owner (SECURITY DEFINER): whoever
-- may execute them can open a province or suspend one. They were granted to yanxiu_app, the role every app
-- process connects as, so any query path in web, realtime or worker could call them. Only yanxiu_platform,
-- the platform console's own login (docs/decisions/017-platform-role.md), may; PUBLIC (which gets EXECUTE on
-- every new function by default) and the app role may not. The role is made by prepareCluster, like the others.
REVOKE ALL ON FUNCTION platform_create_tenant(text, text, text) FROM PUBLIC, yanxiu_app;--> statement-breakpoint
REVOKE ALL ON FUNCTION platform_set_tenant_status(uuid, text) FROM PUBLIC, yanxiu_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION platform_create_tenant(text, text, text) TO yanxiu_platform;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION platform_set_tenant_status(uuid, text) TO yanxiu_platform;
