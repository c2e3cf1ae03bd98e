"""core layers

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 18:41:26.894288
"""
from alembic import op
import sqlalchemy as sa
import geoalchemy2
from geoalchemy2 import Geometry

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute("CREATE EXTENSION IF NOT EXISTS pgrouting")
    op.create_geospatial_table('boundaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('kind', sa.Enum('municipality', 'municipal_unit', 'community', name='boundarykind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name_el', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_boundaries_geom_valid')),
    sa.CheckConstraint('population IS NULL OR population >= 0', name=op.f('ck_boundaries_population_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_boundaries')),
    sa.UniqueConstraint('code', name=op.f('uq_boundaries_code'))
    )
    op.create_geospatial_index('idx_boundaries_geom', 'boundaries', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('buildings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('osm_id', sa.BigInteger(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('use', sa.Enum('residential', 'commercial', 'mixed', 'industrial', 'public', 'education', 'health', 'religious', 'sports', 'other', name='buildinguse', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('floors', sa.Integer(), nullable=True),
    sa.Column('height', sa.Float(), nullable=True),
    sa.Column('year_built', sa.Integer(), nullable=True),
    sa.Column('is_municipal', sa.Boolean(), nullable=False),
    sa.Column('is_school', sa.Boolean(), nullable=False),
    sa.Column('footprint_area', sa.Float(), sa.Computed('round(ST_Area(geom)::numeric, 1)::float8', persisted=True), nullable=False),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_buildings_geom_valid')),
    sa.CheckConstraint('floors IS NULL OR floors BETWEEN 0 AND 60', name=op.f('ck_buildings_floors_range')),
    sa.CheckConstraint('height IS NULL OR height BETWEEN 0 AND 250', name=op.f('ck_buildings_height_range')),
    sa.CheckConstraint('year_built IS NULL OR year_built BETWEEN 1000 AND 2100', name=op.f('ck_buildings_year_built_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buildings')),
    sa.UniqueConstraint('osm_id', name=op.f('uq_buildings_osm_id'))
    )
    op.create_geospatial_index('idx_buildings_geom', 'buildings', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('businesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('osm_id', sa.BigInteger(), nullable=True),
    sa.Column('name_el', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('category', sa.Enum('cafe', 'restaurant', 'tavern', 'bakery', 'pharmacy', 'supermarket', 'butcher', 'clothing', 'hardware', 'bookshop', 'bank', 'hotel', 'kiosk', 'fuel', 'other', name='businesscategory', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('opening_hours', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('website', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_businesses_geom_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_businesses')),
    sa.UniqueConstraint('osm_id', name=op.f('uq_businesses_osm_id'))
    )
    op.create_geospatial_index('idx_businesses_geom', 'businesses', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('crossings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('osm_id', sa.BigInteger(), nullable=True),
    sa.Column('crossing_type', sa.Enum('traffic_signals', 'marked', 'unmarked', 'raised', name='crossingtype', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('kerb', sa.Enum('flush', 'lowered', 'rolled', 'raised', 'none', name='kerbtype', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('tactile_paving', sa.Boolean(), nullable=True),
    sa.Column('traffic_signals_sound', sa.Boolean(), nullable=True),
    sa.Column('island', sa.Boolean(), nullable=True),
    sa.Column('lit', sa.Boolean(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_crossings_geom_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossings')),
    sa.UniqueConstraint('osm_id', name=op.f('uq_crossings_osm_id'))
    )
    op.create_geospatial_index('idx_crossings_geom', 'crossings', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('flood_zones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario', sa.String(length=120), nullable=False),
    sa.Column('hazard', sa.Enum('high', 'medium', 'low', name='floodhazard', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('return_period_years', sa.Integer(), nullable=True),
    sa.Column('max_depth_m', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_flood_zones_geom_valid')),
    sa.CheckConstraint('max_depth_m IS NULL OR max_depth_m >= 0', name=op.f('ck_flood_zones_depth_range')),
    sa.CheckConstraint('return_period_years IS NULL OR return_period_years > 0', name=op.f('ck_flood_zones_return_period_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flood_zones'))
    )
    op.create_geospatial_index('idx_flood_zones_geom', 'flood_zones', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('footways',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('osm_id', sa.BigInteger(), nullable=True),
    sa.Column('footway_type', sa.Enum('sidewalk', 'footway', 'crossing', 'pedestrian', 'path', 'steps', name='footwaytype', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('incline', sa.Float(), nullable=True),
    sa.Column('width', sa.Float(), nullable=True),
    sa.Column('surface', sa.Enum('asphalt', 'concrete', 'paving_stones', 'sett', 'gravel', 'compacted', 'dirt', 'grass', 'other', name='surface', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('kerb_start', sa.Enum('flush', 'lowered', 'rolled', 'raised', 'none', name='kerb_start', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('kerb_end', sa.Enum('flush', 'lowered', 'rolled', 'raised', 'none', name='kerb_end', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('tactile_paving', sa.Boolean(), nullable=True),
    sa.Column('step_count', sa.Integer(), nullable=True),
    sa.Column('lit', sa.Boolean(), nullable=True),
    sa.Column('wheelchair', sa.Enum('yes', 'limited', 'no', 'unknown', name='wheelchairaccess', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('geom', Geometry(geometry_type='LINESTRING', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_footways_geom_valid')),
    sa.CheckConstraint('incline IS NULL OR incline BETWEEN -100 AND 100', name=op.f('ck_footways_incline_range')),
    sa.CheckConstraint('step_count IS NULL OR step_count >= 0', name=op.f('ck_footways_step_count_range')),
    sa.CheckConstraint('width IS NULL OR width > 0 AND width <= 50', name=op.f('ck_footways_width_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_footways')),
    sa.UniqueConstraint('osm_id', name=op.f('uq_footways_osm_id'))
    )
    op.create_geospatial_index('idx_footways_geom', 'footways', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('green_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_el', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('kind', sa.Enum('park', 'square', 'playground', 'garden', 'grove', 'verge', 'riverside', name='greenkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('irrigated', sa.Boolean(), nullable=False),
    sa.Column('area_m2', sa.Float(), sa.Computed('round(ST_Area(geom)::numeric, 1)::float8', persisted=True), nullable=False),
    sa.Column('managed_by', sa.String(length=120), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_green_areas_geom_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_green_areas'))
    )
    op.create_geospatial_index('idx_green_areas_geom', 'green_areas', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_table('layer_sources',
    sa.Column('layer_id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('licence', sa.String(length=120), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('layer_id', name=op.f('pk_layer_sources'))
    )
    op.create_geospatial_table('market_stalls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('market_name', sa.String(length=120), nullable=False),
    sa.Column('stall_number', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Enum('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', name='weekday', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('category', sa.Enum('produce', 'fish', 'dairy', 'flowers', 'clothing', 'household', 'other', name='stallcategory', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('size_m2', sa.Float(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POLYGON', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_market_stalls_geom_valid')),
    sa.CheckConstraint('size_m2 IS NULL OR size_m2 > 0 AND size_m2 <= 200', name=op.f('ck_market_stalls_size_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_stalls')),
    sa.UniqueConstraint('market_name', 'stall_number', name='market_stall_number')
    )
    op.create_geospatial_index('idx_market_stalls_geom', 'market_stalls', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('neighbourhoods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_el', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_neighbourhoods_geom_valid')),
    sa.CheckConstraint('population IS NULL OR population >= 0', name=op.f('ck_neighbourhoods_population_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_neighbourhoods'))
    )
    op.create_geospatial_index('idx_neighbourhoods_geom', 'neighbourhoods', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('parking_zones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('name_el', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('zone_type', sa.Enum('controlled', 'resident', 'free', name='zonetype', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('tariff_eur_h', sa.Numeric(precision=6, scale=2, asdecimal=False), nullable=True),
    sa.Column('max_stay_min', sa.Integer(), nullable=True),
    sa.Column('hours', sa.String(length=120), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_parking_zones_geom_valid')),
    sa.CheckConstraint('max_stay_min IS NULL OR max_stay_min BETWEEN 5 AND 1440', name=op.f('ck_parking_zones_max_stay_range')),
    sa.CheckConstraint('tariff_eur_h IS NULL OR tariff_eur_h >= 0', name=op.f('ck_parking_zones_tariff_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parking_zones')),
    sa.UniqueConstraint('code', name=op.f('uq_parking_zones_code'))
    )
    op.create_geospatial_index('idx_parking_zones_geom', 'parking_zones', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('roads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('osm_id', sa.BigInteger(), nullable=True),
    sa.Column('name_el', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('road_class', sa.Enum('motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential', 'living_street', 'pedestrian', 'service', 'track', 'unclassified', name='roadclass', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('oneway', sa.Boolean(), nullable=False),
    sa.Column('maxspeed', sa.Integer(), nullable=True),
    sa.Column('lanes', sa.Integer(), nullable=True),
    sa.Column('surface', sa.Enum('asphalt', 'concrete', 'paving_stones', 'sett', 'gravel', 'compacted', 'dirt', 'grass', 'other', name='surface', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('lit', sa.Boolean(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='LINESTRING', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_roads_geom_valid')),
    sa.CheckConstraint('lanes IS NULL OR lanes BETWEEN 1 AND 8', name=op.f('ck_roads_lanes_range')),
    sa.CheckConstraint('maxspeed IS NULL OR maxspeed BETWEEN 5 AND 130', name=op.f('ck_roads_maxspeed_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roads')),
    sa.UniqueConstraint('osm_id', name=op.f('uq_roads_osm_id'))
    )
    op.create_geospatial_index('idx_roads_geom', 'roads', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('transit_stops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('name_el', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('shelter', sa.Boolean(), nullable=False),
    sa.Column('bench', sa.Boolean(), nullable=False),
    sa.Column('realtime_display', sa.Boolean(), nullable=False),
    sa.Column('wheelchair_boarding', sa.Enum('yes', 'limited', 'no', 'unknown', name='wheelchairaccess', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_transit_stops_geom_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transit_stops')),
    sa.UniqueConstraint('code', name=op.f('uq_transit_stops_code'))
    )
    op.create_geospatial_index('idx_transit_stops_geom', 'transit_stops', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_table('trees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('species', sa.String(length=120), nullable=False),
    sa.Column('species_el', sa.String(length=120), nullable=True),
    sa.Column('dbh_cm', sa.Float(), nullable=True),
    sa.Column('height_m', sa.Float(), nullable=True),
    sa.Column('crown_m', sa.Float(), nullable=True),
    sa.Column('condition', sa.Enum('good', 'fair', 'poor', 'dead', name='treecondition', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('planted', sa.Date(), nullable=True),
    sa.Column('last_inspected', sa.Date(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_trees_geom_valid')),
    sa.CheckConstraint('crown_m IS NULL OR crown_m > 0 AND crown_m <= 50', name=op.f('ck_trees_crown_range')),
    sa.CheckConstraint('dbh_cm IS NULL OR dbh_cm > 0 AND dbh_cm <= 500', name=op.f('ck_trees_dbh_range')),
    sa.CheckConstraint('height_m IS NULL OR height_m > 0 AND height_m <= 80', name=op.f('ck_trees_height_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trees'))
    )
    op.create_geospatial_index('idx_trees_geom', 'trees', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_trees_planted'), 'trees', ['planted'], unique=False)
    op.create_geospatial_table('parking_bays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=True),
    sa.Column('bay_type', sa.Enum('general', 'disabled', 'loading', 'ev', 'resident', name='baytype', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('sensor_id', sa.String(length=64), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POLYGON', srid=2100, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.CheckConstraint('ST_IsValid(geom) AND NOT ST_IsEmpty(geom)', name=op.f('ck_parking_bays_geom_valid')),
    sa.ForeignKeyConstraint(['zone_id'], ['parking_zones.id'], name=op.f('fk_parking_bays_zone_id_parking_zones'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parking_bays')),
    sa.UniqueConstraint('sensor_id', name=op.f('uq_parking_bays_sensor_id'))
    )
    op.create_geospatial_index('idx_parking_bays_geom', 'parking_bays', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_parking_bays_zone_id'), 'parking_bays', ['zone_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_parking_bays_zone_id'), table_name='parking_bays')
    op.drop_geospatial_index('idx_parking_bays_geom', table_name='parking_bays', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('parking_bays')
    op.drop_index(op.f('ix_trees_planted'), table_name='trees')
    op.drop_geospatial_index('idx_trees_geom', table_name='trees', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('trees')
    op.drop_geospatial_index('idx_transit_stops_geom', table_name='transit_stops', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('transit_stops')
    op.drop_geospatial_index('idx_roads_geom', table_name='roads', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('roads')
    op.drop_geospatial_index('idx_parking_zones_geom', table_name='parking_zones', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('parking_zones')
    op.drop_geospatial_index('idx_neighbourhoods_geom', table_name='neighbourhoods', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('neighbourhoods')
    op.drop_geospatial_index('idx_market_stalls_geom', table_name='market_stalls', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('market_stalls')
    op.drop_table('layer_sources')
    op.drop_geospatial_index('idx_green_areas_geom', table_name='green_areas', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('green_areas')
    op.drop_geospatial_index('idx_footways_geom', table_name='footways', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('footways')
    op.drop_geospatial_index('idx_flood_zones_geom', table_name='flood_zones', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('flood_zones')
    op.drop_geospatial_index('idx_crossings_geom', table_name='crossings', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('crossings')
    op.drop_geospatial_index('idx_businesses_geom', table_name='businesses', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('businesses')
    op.drop_geospatial_index('idx_buildings_geom', table_name='buildings', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('buildings')
    op.drop_geospatial_index('idx_boundaries_geom', table_name='boundaries', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('boundaries')
