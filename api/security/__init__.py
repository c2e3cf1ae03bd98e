"""Who is calling and what they may do: credentials, principals, access checks, rate
limits, secure headers, CORS, account mail."""
