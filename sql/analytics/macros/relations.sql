{#- Relations without the catalog name: a DuckDB catalog is named after the file
    (socialdb.duckdb -> "socialdb"), so a view body that said "socialdb"."main"."posts"
    would break when the file is copied or renamed. "main"."posts" resolves in
    whichever file holds the view. socialdb.sqlfiles renders refs the same way. -#}
{% macro ref(model_name) %}
  {% do return(builtins.ref(model_name).include(database=False)) %}
{% endmacro %}

{% macro source(source_name, table_name) %}
  {% do return(builtins.source(source_name, table_name).include(database=False)) %}
{% endmacro %}
