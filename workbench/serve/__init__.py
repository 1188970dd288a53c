"""`workbench serve`: Datasette on the database, read-only, for a team lead's browser.

server.py opens it read-only and runs Datasette; plugin.py is the Datasette plugin (SQL
functions, canned queries, metadata), queries.py the canned queries over the core's search
and QA, metadata.py what each table and column holds. Datasette is imported only here.
"""
