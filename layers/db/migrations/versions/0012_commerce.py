"""Commerce: the city guide (owners, hours, search, offers) and the street markets
(markets, stall layout, licences, allocation, attendance, inspections, closures).

Search is done on columns the database derives: ``polis_fold`` (lower case, accents and
final sigma folded, Greek and Latin) and ``polis_greeklish`` (one key for a word spelt in
Greek or in Greeklish), both as words of one GIN-indexed ``tsvector`` (``search_doc``,
prefix matches); pg_trgm's ``similarity`` ranks the matches. Opening hours become minute ranges
(``polis_week_minutes``: day ``d`` spans ``[d*2880, d*2880+2880)`` so a span past
midnight never reaches into the next day's slot).

Revision ID: 0012
Revises: 0006
"""

from __future__ import annotations

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0006"
branch_labels = None
depends_on = None

FOLD_FROM = (
    "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίΰςϊϋόύώΆΈΉΊΌΎΏΐΪΫ"
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
)
FOLD_TO = (
    "αβγδεζηθικλμνξοπρστυφχψωαεηιυσιυουωαεηιουωιιυ"
    "aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyy"
)
assert len(FOLD_FROM) == len(FOLD_TO)

FUNCTIONS = f"""
CREATE FUNCTION polis_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(translate(t, '{FOLD_FROM}', '{FOLD_TO}')) $$;

CREATE FUNCTION polis_greeklish(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE s text := polis_fold(t);
BEGIN
  s := replace(s, 'θ', 'th'); s := replace(s, 'χ', 'ch');
  s := replace(s, 'ψ', 'ps'); s := replace(s, 'ξ', 'ks');
  s := translate(s, 'αβγδεζηικλμνοπρστυφω', 'avgdezhiklmnoprstyfw');
  s := replace(s, 'th', '8'); s := replace(s, 'ch', 'x'); s := replace(s, 'kh', 'x');
  s := replace(s, 'ks', 'x'); s := replace(s, 'ph', 'f');
  s := replace(s, 'ou', 'u'); s := replace(s, 'mp', 'b'); s := replace(s, 'nt', 'd');
  s := replace(s, 'gk', 'g'); s := replace(s, 'gg', 'g');
  s := replace(s, 'ai', 'e'); s := replace(s, 'ei', 'i'); s := replace(s, 'oi', 'i');
  s := replace(s, 'yi', 'i');
  s := translate(s, 'hywc', 'iiok');
  RETURN regexp_replace(s, '(.)\\1+', '\\1', 'g');
END $$;

CREATE FUNCTION polis_category_words(c text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE c
  WHEN 'cafe' THEN 'Καφετέρια καφέ Café coffee'
  WHEN 'restaurant' THEN 'Εστιατόριο φαγητό Restaurant food'
  WHEN 'tavern' THEN 'Ταβέρνα Tavern taverna'
  WHEN 'bakery' THEN 'Αρτοποιείο φούρνος ψωμί Bakery bread'
  WHEN 'pharmacy' THEN 'Φαρμακείο Pharmacy chemist'
  WHEN 'supermarket' THEN 'Σούπερ μάρκετ Supermarket grocery'
  WHEN 'butcher' THEN 'Κρεοπωλείο κρέας Butcher meat'
  WHEN 'clothing' THEN 'Ένδυση ρούχα Clothing clothes'
  WHEN 'hardware' THEN 'Σιδηροπωλείο Hardware'
  WHEN 'bookshop' THEN 'Βιβλιοπωλείο βιβλία Bookshop books'
  WHEN 'bank' THEN 'Τράπεζα Bank ATM'
  WHEN 'hotel' THEN 'Ξενοδοχείο διαμονή Hotel'
  WHEN 'kiosk' THEN 'Περίπτερο Kiosk'
  WHEN 'fuel' THEN 'Πρατήριο καυσίμων βενζίνη Fuel station petrol'
  ELSE '' END $$;

CREATE FUNCTION polis_week_minutes(h jsonb) RETURNS int4multirange
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(range_agg(int4range((s->>0)::int * 2880 + (s->>1)::int,
                                      (s->>0)::int * 2880 + (s->>2)::int)), '{{}}')
  FROM jsonb_array_elements(coalesce(h->'week', '[]')) AS s $$;

CREATE FUNCTION polis_holiday_minutes(h jsonb) RETURNS int4multirange
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN h IS NULL OR jsonb_typeof(h->'holidays') IS DISTINCT FROM 'array' THEN NULL
    ELSE (SELECT coalesce(range_agg(int4range((s->>0)::int, (s->>1)::int)), '{{}}')
          FROM jsonb_array_elements(h->'holidays') AS s) END $$;

CREATE FUNCTION polis_stall_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE other int;
BEGIN
  SELECT s.stall_number INTO other FROM market_stalls s
   WHERE s.id <> NEW.id AND s.market_name = NEW.market_name AND s.geom && NEW.geom
     AND ST_Relate(s.geom, NEW.geom, '2********') LIMIT 1;
  IF other IS NOT NULL THEN
    RAISE EXCEPTION 'stall % of % overlaps stall %', NEW.stall_number, NEW.market_name, other
      USING ERRCODE = 'check_violation', CONSTRAINT = 'stall_overlap', COLUMN = 'geom';
  END IF;
  RETURN NEW;
END $$;
"""

DROP_FUNCTIONS = (
    "polis_stall_overlap()",
    "polis_holiday_minutes(jsonb)",
    "polis_week_minutes(jsonb)",
    "polis_category_words(text)",
    "polis_greeklish(text)",
    "polis_fold(text)",
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _geom(kind: str) -> geoalchemy2.types.Geometry:
    return geoalchemy2.types.Geometry(geometry_type=kind, srid=2100, spatial_index=False)


REVIEW = ("pending", "approved", "rejected")
SECTOR = ("producers", "professionals")
WEEKDAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _user(name: str, *, nullable: bool = True, cascade: bool = False) -> sa.Column:
    ondelete = "CASCADE" if cascade else "SET NULL"
    return sa.Column(name, sa.Integer(), sa.ForeignKey("users.id", ondelete=ondelete), nullable=nullable)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(FUNCTIONS)
    # ---------------------------------------------------------------- guide
    op.add_column("businesses", sa.Column("tax_number", sa.String(9)))
    op.add_column("businesses", sa.Column("hours", postgresql.JSONB()))
    op.add_column("businesses", sa.Column("wheelchair", _enum("wheelchair", "yes", "limited", "no")))
    op.add_column("businesses", sa.Column("toilets_wheelchair", sa.Boolean()))
    op.add_column("businesses", sa.Column("photos", postgresql.JSONB()))
    op.add_column(
        "businesses",
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL",
                                                          name="fk_businesses_owner_id_users")),
    )
    op.execute(
        "ALTER TABLE businesses "
        "ADD COLUMN search_text text GENERATED ALWAYS AS (polis_fold(coalesce(name_el, '') || ' ' "
        "|| coalesce(name_en, '') || ' ' || coalesce(address, '') || ' ' "
        "|| polis_category_words(category))) STORED, "
        "ADD COLUMN search_key text GENERATED ALWAYS AS (polis_greeklish(coalesce(name_el, '') "
        "|| ' ' || coalesce(name_en, '') || ' ' || polis_category_words(category))) STORED, "
        "ADD COLUMN week_minutes int4multirange GENERATED ALWAYS AS (polis_week_minutes(hours)) STORED, "
        "ADD COLUMN holiday_minutes int4multirange GENERATED ALWAYS AS (polis_holiday_minutes(hours)) STORED"
    )
    op.execute(
        "ALTER TABLE businesses ADD COLUMN search_doc tsvector GENERATED ALWAYS AS (to_tsvector("
        "'simple', polis_fold(coalesce(name_el, '') || ' ' || coalesce(name_en, '') || ' ' "
        "|| coalesce(address, '') || ' ' || polis_category_words(category)) || ' ' || "
        "polis_greeklish(coalesce(name_el, '') || ' ' || coalesce(name_en, '') || ' ' "
        "|| polis_category_words(category)))) STORED"
    )
    op.execute("CREATE INDEX ix_businesses_search_doc ON businesses USING gin (search_doc)")
    op.create_table(
        "business_offers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("business_id", sa.Integer(), sa.ForeignKey("businesses.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", _enum("offerkind", "offer", "event"), nullable=False),
        sa.Column("title_el", sa.String(200), nullable=False),
        sa.Column("title_en", sa.String(200), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("status", _enum("reviewstatus", *REVIEW), nullable=False),
        _user("created_by"),
        _user("reviewed_by"),
        sa.CheckConstraint("valid_to >= valid_from", name=op.f("ck_business_offers_validity_order")),
    )
    op.create_index("ix_business_offers_business_id", "business_offers", ["business_id"])
    op.create_table(
        "business_claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("business_id", sa.Integer(), sa.ForeignKey("businesses.id", ondelete="CASCADE"), nullable=False),
        _user("user_id", nullable=False, cascade=True),
        sa.Column("tax_number", sa.String(9), nullable=False),
        sa.Column("status", _enum("reviewstatus", *REVIEW), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "business_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("business_id", sa.Integer(), sa.ForeignKey("businesses.id", ondelete="CASCADE"), nullable=False),
        _user("user_id", nullable=False, cascade=True),
        sa.Column("changes", postgresql.JSONB(), nullable=False),
        sa.Column("status", _enum("reviewstatus", *REVIEW), nullable=False),
        _user("reviewed_by"),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    # ---------------------------------------------------------------- markets
    op.create_table(
        "markets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name_el", sa.String(200)),
        sa.Column("name_en", sa.String(200)),
        sa.Column("weekday", _enum("weekday", *WEEKDAY), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.Column("setup_minutes", sa.Integer(), nullable=False),
        sa.Column("rate_per_m2", sa.Numeric(8, 2), nullable=False),
        sa.Column("geom", _geom("MULTILINESTRING"), nullable=False),
        sa.CheckConstraint("ST_IsValid(geom) AND NOT ST_IsEmpty(geom)", name=op.f("ck_markets_geom_valid")),
        sa.CheckConstraint("closes > opens", name=op.f("ck_markets_hours_order")),
        sa.CheckConstraint("rate_per_m2 >= 0", name=op.f("ck_markets_rate_positive")),
    )
    op.create_index("idx_markets_geom", "markets", ["geom"], postgresql_using="gist")
    op.add_column(
        "market_stalls",
        sa.Column("market_id", sa.Integer(), sa.ForeignKey("markets.id", ondelete="CASCADE",
                                                           name="fk_market_stalls_market_id_markets")),
    )
    op.add_column("market_stalls", sa.Column("sector", _enum("stallsector", *SECTOR)))
    op.add_column("market_stalls", sa.Column("width_m", sa.Float()))
    op.add_column("market_stalls", sa.Column("depth_m", sa.Float()))
    op.execute(
        "ALTER TABLE market_stalls ADD COLUMN area_m2 float8 "
        "GENERATED ALWAYS AS (round(ST_Area(geom)::numeric, 2)::float8) STORED"
    )
    op.execute(
        "CREATE TRIGGER polis_stall_overlap BEFORE INSERT OR UPDATE OF geom, market_name "
        "ON market_stalls FOR EACH ROW EXECUTE FUNCTION polis_stall_overlap()"
    )
    op.create_table(
        "market_licences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("licence_number", sa.String(40), nullable=False, unique=True),
        sa.Column("holder", sa.String(200), nullable=False),
        sa.Column("tax_number", sa.String(9), nullable=False),
        sa.Column("sector", _enum("stallsector", *SECTOR), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("goods", sa.String(200), nullable=False),
        sa.Column("vehicle_plate", sa.String(20)),
        sa.Column("helpers", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.CheckConstraint("valid_to >= valid_from", name=op.f("ck_market_licences_validity_order")),
    )
    op.create_table(
        "stall_allocations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("stall_id", sa.Integer(), sa.ForeignKey("market_stalls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("licence_id", sa.Integer(), sa.ForeignKey("market_licences.id", ondelete="CASCADE"), nullable=False),
        sa.Column("method", _enum("allocationmethod", "points", "draw"), nullable=False),
        sa.Column("seed", sa.BigInteger()),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date()),
    )
    op.execute(
        "CREATE UNIQUE INDEX ix_stall_allocations_current ON stall_allocations (stall_id) "
        "WHERE until IS NULL"
    )
    op.create_table(
        "market_waiting_list",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("market_id", sa.Integer(), sa.ForeignKey("markets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("licence_id", sa.Integer(), sa.ForeignKey("market_licences.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("market_id", "licence_id", name=op.f("uq_market_waiting_list_once_per_market")),
    )
    op.create_table(
        "market_attendance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.String(64), nullable=False, unique=True),
        sa.Column("stall_id", sa.Integer(), sa.ForeignKey("market_stalls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("licence_id", sa.Integer(), sa.ForeignKey("market_licences.id", ondelete="CASCADE"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        _user("inspector_id"),
        sa.UniqueConstraint("stall_id", "day", name=op.f("uq_market_attendance_once_per_day")),
    )
    op.create_table(
        "market_warnings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("licence_id", sa.Integer(), sa.ForeignKey("market_licences.id", ondelete="CASCADE"), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("absences", sa.Integer(), nullable=False),
        sa.UniqueConstraint("licence_id", "issued", name=op.f("uq_market_warnings_once_per_day")),
    )
    op.create_table(
        "market_inspections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.String(64), nullable=False, unique=True),
        sa.Column("stall_id", sa.Integer(), sa.ForeignKey("market_stalls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("photos", postgresql.JSONB()),
        sa.Column("penalty_eur", sa.Numeric(10, 2), nullable=False),
        _user("inspector_id"),
        sa.CheckConstraint("penalty_eur >= 0", name=op.f("ck_market_inspections_penalty_positive")),
    )
    op.create_table(
        "street_closures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("market_id", sa.Integer(), sa.ForeignKey("markets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason_el", sa.String(200), nullable=False),
        sa.Column("reason_en", sa.String(200), nullable=False),
        sa.Column("geom", _geom("MULTILINESTRING"), nullable=False),
        sa.CheckConstraint("ST_IsValid(geom) AND NOT ST_IsEmpty(geom)", name=op.f("ck_street_closures_geom_valid")),
        sa.CheckConstraint("valid_to > valid_from", name=op.f("ck_street_closures_validity_order")),
        sa.UniqueConstraint("market_id", "valid_from", name=op.f("uq_street_closures_once_per_market_day")),
    )
    op.create_index("idx_street_closures_geom", "street_closures", ["geom"], postgresql_using="gist")
    op.create_index("ix_street_closures_valid", "street_closures", ["valid_from", "valid_to"])


def downgrade() -> None:
    for table in (
        "street_closures",
        "market_inspections",
        "market_warnings",
        "market_attendance",
        "market_waiting_list",
        "stall_allocations",
        "market_licences",
    ):
        op.drop_table(table)
    op.execute("DROP TRIGGER IF EXISTS polis_stall_overlap ON market_stalls")
    for column in ("area_m2", "depth_m", "width_m", "sector", "market_id"):
        op.drop_column("market_stalls", column)
    op.drop_table("markets")
    for table in ("business_changes", "business_claims", "business_offers"):
        op.drop_table(table)
    for column in (
        "search_doc", "holiday_minutes", "week_minutes", "search_key", "search_text", "owner_id", "photos",
        "toilets_wheelchair", "wheelchair", "hours", "tax_number",
    ):
        op.drop_column("businesses", column)
    for function in DROP_FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
