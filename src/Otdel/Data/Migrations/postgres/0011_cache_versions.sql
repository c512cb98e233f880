-- Versions of what app instances keep in memory (issue 13): "access" moves with every change of people, teams or
-- deputies, and each instance reads it with the sign-in check before reusing a person's resolved access.
CREATE TABLE cache_versions (
    name character varying(40) NOT NULL,
    value bigint NOT NULL,
    CONSTRAINT "PK_cache_versions" PRIMARY KEY (name)
);

INSERT INTO cache_versions (name, value) VALUES ('access', 0);
