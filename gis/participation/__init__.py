"""Domain `participation`: pure computation — ballots checked, votes counted (pabutools),
drafts parsed, consultation reports, keyed hashes."""
