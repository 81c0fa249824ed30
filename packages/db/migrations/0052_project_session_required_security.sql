-- 必修 on a course session (decision 036): the app may change that one column, nothing else of a session
-- (the row's tenant policy of 0029 applies to the update as to every other statement).
GRANT UPDATE ("required") ON "project_session" TO yanxiu_app;
