"""Domain `participation` on the web: the ``/participation`` (participatory budgeting)
and ``/consultations`` (regulations) pages, Greek first, English, accessible."""
