-- Orleans ADO.NET main script for PostgreSQL (Orleans 10.4.2): the table of operational queries.
--
-- Orleans reads every query it runs from OrleansQuery by key ("SELECT QueryKey, QueryText FROM OrleansQuery")
-- and binds parameters by name (@DeploymentId, @GrainIdHash, ...), then reads result columns by name. The
-- keys, parameter names, column names and what each query returns are the contract with the Orleans
-- assemblies; everything else (tables, functions, indexes) is ours. The dotnet/orleans scripts are not
-- shipped in the NuGet packages; these are written to the same contract.
--
-- Every script in this folder is idempotent, so applying the folder again (a new deployment, a restarted
-- job) upgrades the query texts in place and changes no data.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
