"""Sensors: checking incoming observations, the MQTT ingest, the demo simulator."""
