"""Everything that owns the database: settings, the embedded cluster, connections and
migrations, pools and the read helpers of the serving path, bulk loading."""
