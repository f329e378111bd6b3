-- r1lat:requires-access-management
-- SQL roles: the sink writes, analysts read. Bind them to users with GRANT r1lat_writer TO <user>.
-- Inserting into a table with materialized views also inserts into their target tables, hence
-- INSERT on the whole database for the writer. The analyst gets SELECT only: no INSERT, ALTER,
-- DROP or CREATE. Servers without writable access storage (e.g. a users.xml-only ClickHouse)
-- cannot hold roles; ./r1lat migrate then skips this file and says so (migrate.roles).
CREATE ROLE IF NOT EXISTS r1lat_writer ${ON_CLUSTER};

GRANT ${ON_CLUSTER} SELECT, INSERT ON ${DB}.* TO r1lat_writer;

CREATE ROLE IF NOT EXISTS r1lat_analyst ${ON_CLUSTER};

GRANT ${ON_CLUSTER} SELECT ON ${DB}.* TO r1lat_analyst;
