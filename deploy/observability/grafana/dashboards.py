#!/usr/bin/env python3
"""Writes LALALA's Grafana dashboards (grafana/dashboards/*.json) from the short descriptions below.

Run it after changing a panel: python3 deploy/observability/grafana/dashboards.py. Every query names its metrics as
`name{labels}` (an empty {} where there are no labels): fleet-tests' DashboardsTest and ObservabilityFleetIT read the
names that way and check them against what the running fleet exports.
"""
import json
import os

PROM = {"type": "prometheus", "uid": "prometheus"}
RATE = "$__rate_interval"


def panel(title, targets, unit="short", kind="timeseries", description="", stack=False):
    return {"title": title, "type": kind, "description": description, "datasource": PROM,
            "fieldConfig": {"defaults": {"unit": unit, "custom": {"stacking": {"mode": "normal" if stack else "none"}}
                                         if kind == "timeseries" else {}}, "overrides": []},
            "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull", "max"]}}
            if kind == "timeseries" else {"reduceOptions": {"calcs": ["lastNotNull"]}},
            "targets": [{"datasource": PROM, "expr": expr, "legendFormat": legend, "refId": chr(65 + i)}
                        for i, (expr, legend) in enumerate(targets)]}


def dashboard(uid, title, description, panels, variables=()):
    laid = []
    for i, p in enumerate(panels):
        width = 8 if p["type"] == "stat" else 12
        p = dict(p, id=i + 1)
        laid.append(p)
    # Two time series per row, stats three per row; y grows as needed.
    x = y = 0
    row_height = 0
    for p in laid:
        w = 8 if p["type"] == "stat" else 12
        h = 5 if p["type"] == "stat" else 9
        if x + w > 24:
            x, y = 0, y + row_height
            row_height = 0
        p["gridPos"] = {"x": x, "y": y, "w": w, "h": h}
        x += w
        row_height = max(row_height, h)
    return {"uid": uid, "title": title, "description": description, "tags": ["lalala"], "editable": False,
            "schemaVersion": 39, "version": 1, "refresh": "30s", "time": {"from": "now-1h", "to": "now"},
            "timezone": "utc", "graphTooltip": 1,
            "templating": {"list": list(variables)}, "annotations": {"list": []}, "panels": laid}


def service_variable(metric):
    return {"name": "service", "label": "service", "type": "query", "datasource": PROM,
            "query": {"query": "label_values(" + metric + "{}, application)", "refId": "service"},
            "definition": "label_values(" + metric + "{}, application)",
            "includeAll": True, "multi": True, "allValue": ".*", "refresh": 2, "sort": 1,
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]}}


def q(expr_template):
    return expr_template.replace("RATE", RATE)


GW = 'application="gateway"'
gateway = dashboard(
    "lalala-gateway", "LALALA · Gateway: traffic and errors per route",
    "Every request the gateway routed, per route (spring.cloud.gateway.requests), and every answer it gave at the "
    "edge (http.server.requests), including the ones that never reached a service (401, 429, 503).",
    [
        panel("Requests per second, per route", [
            (q(f'sum by (routeId) (rate(spring_cloud_gateway_requests_seconds_count{{{GW}}}[RATE]))'), "{{routeId}}")],
            unit="reqps", stack=True),
        panel("Server errors (5xx) per second, per route", [
            (q(f'sum by (routeId, status) (rate(spring_cloud_gateway_requests_seconds_count{{{GW}, outcome="SERVER_ERROR"}}[RATE]))'),
             "{{routeId}} {{status}}")], unit="reqps"),
        panel("Error ratio per route (5xx / all)", [
            (q(f'sum by (routeId) (rate(spring_cloud_gateway_requests_seconds_count{{{GW}, outcome="SERVER_ERROR"}}[RATE]))'
               f' / sum by (routeId) (rate(spring_cloud_gateway_requests_seconds_count{{{GW}}}[RATE]))'), "{{routeId}}")],
            unit="percentunit"),
        panel("Client errors (4xx) per second, per route", [
            (q(f'sum by (routeId, status) (rate(spring_cloud_gateway_requests_seconds_count{{{GW}, outcome="CLIENT_ERROR"}}[RATE]))'),
             "{{routeId}} {{status}}")], unit="reqps"),
        panel("Latency p99 per route", [
            (q(f'histogram_quantile(0.99, sum by (le, routeId) (rate(spring_cloud_gateway_requests_seconds_bucket{{{GW}}}[RATE])))'),
             "{{routeId}}")], unit="s"),
        panel("Latency p50 per route", [
            (q(f'histogram_quantile(0.5, sum by (le, routeId) (rate(spring_cloud_gateway_requests_seconds_bucket{{{GW}}}[RATE])))'),
             "{{routeId}}")], unit="s"),
        panel("Answers at the edge by status (all requests, routed or not)", [
            (q(f'sum by (status) (rate(http_server_requests_seconds_count{{{GW}}}[RATE]))'), "{{status}}")],
            unit="reqps", stack=True),
        panel("Services the gateway sees as down (circuit breaker open)", [
            (f'sum by (name) (resilience4j_circuitbreaker_state{{{GW}, state="open"}})', "{{name}}")],
            description="1 while a service's breaker is open: the gateway answers its routes with 503 at once."),
    ])

SR = 'application="streaming-service"'
streaming = dashboard(
    "lalala-streaming", "LALALA · Streaming: listeners and time to first segment",
    "streaming-service: sockets playing now, how fast the first segment of a play leaves, what is sent and held "
    "in memory, and the plays it verified (30 s heard).",
    [
        panel("Listeners (streaming sockets open)", [
            (f'sum by (instance) (lalala_stream_listeners{{{SR}}})', "{{instance}}")], stack=True),
        panel("Time to first segment (play command to first frame)", [
            (q(f'histogram_quantile(0.5, sum by (le) (rate(lalala_stream_first_segment_seconds_bucket{{{SR}}}[RATE])))'), "p50"),
            (q(f'histogram_quantile(0.99, sum by (le) (rate(lalala_stream_first_segment_seconds_bucket{{{SR}}}[RATE])))'), "p99")],
            unit="s"),
        panel("Plays started per second", [
            (q(f'sum(rate(lalala_stream_first_segment_seconds_count{{{SR}}}[RATE]))'), "plays")], unit="ops"),
        panel("Segments sent per second", [
            (q(f'sum by (instance) (rate(lalala_stream_segments_sent_total{{{SR}}}[RATE]))'), "{{instance}}")],
            unit="ops"),
        panel("Bytes sent per second", [
            (q(f'sum by (instance) (rate(lalala_stream_bytes_sent_bytes_total{{{SR}}}[RATE]))'), "{{instance}}")],
            unit="Bps"),
        panel("Bytes held for slow clients", [
            (f'sum by (instance) (lalala_stream_buffered_bytes{{{SR}}})', "{{instance}}")], unit="bytes"),
        panel("Segment cache in memory", [
            (f'sum by (instance) (lalala_stream_segment_cache_bytes{{{SR}}})', "{{instance}}")], unit="bytes"),
        panel("Plays verified (30 s heard) per minute", [
            (q(f'60 * sum(rate(lalala_stream_plays_verified_total{{{SR}}}[RATE]))'), "verified"),
            (q(f'60 * sum(rate(lalala_stream_plays_failed_total{{{SR}}}[RATE]))'), "could not be sent")]),
    ])

CH = 'application="chat-service"'
chat = dashboard(
    "lalala-chat", "LALALA · Chat: sockets",
    "chat-service: listening-room sockets open and accepted, fan-out latency (a room event's creation to its frame "
    "queued to each instance's sockets), the room.events consumers' lag, and the REST side.",
    [
        panel("Chat sockets open", [(f'sum by (instance) (lalala_chat_sockets{{{CH}}})', "{{instance}}")], stack=True),
        panel("Chat sockets accepted per minute", [
            (q(f'60 * sum by (instance) (rate(lalala_chat_sockets_opened_total{{{CH}}}[RATE]))'), "{{instance}}")]),
        panel("Room fan-out latency (event created to frame queued), p50 and p99", [
            (q(f'histogram_quantile(0.5, sum by (le) (rate(lalala_chat_fanout_seconds_bucket{{{CH}}}[RATE])))'), "p50"),
            (q(f'histogram_quantile(0.99, sum by (le) (rate(lalala_chat_fanout_seconds_bucket{{{CH}}}[RATE])))'), "p99"),
            (q(f'histogram_quantile(0.99, sum by (le, frame) (rate(lalala_chat_fanout_seconds_bucket{{{CH}}}[RATE])))'),
             "p99 {{frame}}")],
            unit="s", description="lalala.chat.fanout: from the event envelope's time (the instance that took the "
            "command) to the frame queued to this instance's sockets of the room; outbox relay, Kafka and the "
            "consumer are inside. Socket write time is not."),
        panel("Chat REST requests per second by status", [
            (q(f'sum by (status) (rate(http_server_requests_seconds_count{{{CH}}}[RATE]))'), "{{status}}")],
            unit="reqps"),
        panel("chat-service Kafka consumer lag (events)", [
            (f'sum by (handler, topic) (lalala_subscription_lag{{{CH}}})', "{{handler}} ({{topic}})")]),
    ])

kafka = dashboard(
    "lalala-kafka", "LALALA · Kafka: subscriptions and consumer lag",
    "Declared subscriptions (service-defaults): events waiting per handler (lalala.subscription.lag), events "
    "applied, skipped as duplicates, failed or dead-lettered, and how long the listeners take.",
    [
        panel("Consumer lag per subscription (events behind)", [
            ('sum by (application, handler, topic) (lalala_subscription_lag{application=~"$service"})',
             "{{application}} {{handler}} ({{topic}})")]),
        panel("Events handled per second, by outcome", [
            (q('sum by (application, outcome) (rate(lalala_subscription_events_total{application=~"$service"}[RATE]))'),
             "{{application}} {{outcome}}")], unit="ops"),
        panel("Failed and dead-lettered events per handler", [
            (q('sum by (application, handler, outcome) (increase(lalala_subscription_events_total{application=~"$service", outcome=~"failed|dead-lettered"}[RATE]))'),
             "{{application}} {{handler}} {{outcome}}")]),
        panel("Listener time per record, p99", [
            (q('histogram_quantile(0.99, sum by (le, application) (rate(spring_kafka_listener_seconds_bucket{application=~"$service"}[RATE])))'),
             "{{application}}")], unit="s"),
        panel("Records sent per second (KafkaTemplate, outbox relay)", [
            (q('sum by (application) (rate(spring_kafka_template_seconds_count{application=~"$service"}[RATE]))'),
             "{{application}}")], unit="ops"),
    ],
    variables=[service_variable("lalala_subscription_lag")])

jvm = dashboard(
    "lalala-jvm", "LALALA · JVM and pools",
    "Per service: heap, GC pauses, threads, CPU, and the JDBC pools of the services with MariaDB/MySQL.",
    [
        panel("Heap used", [('sum by (application) (jvm_memory_used_bytes{application=~"$service", area="heap"})',
                             "{{application}}")], unit="bytes"),
        panel("Heap used / max", [
            ('sum by (application) (jvm_memory_used_bytes{application=~"$service", area="heap"})'
             ' / sum by (application) (jvm_memory_max_bytes{application=~"$service", area="heap"})', "{{application}}")],
            unit="percentunit"),
        panel("Non-heap used (metaspace, code cache)", [
            ('sum by (application) (jvm_memory_used_bytes{application=~"$service", area="nonheap"})', "{{application}}")],
            unit="bytes"),
        panel("GC pause time per second", [
            (q('sum by (application) (rate(jvm_gc_pause_seconds_sum{application=~"$service"}[RATE]))'), "{{application}}")],
            unit="s"),
        panel("Live threads", [('sum by (application) (jvm_threads_live_threads{application=~"$service"})', "{{application}}")]),
        panel("Process CPU", [('sum by (application) (process_cpu_usage{application=~"$service"})', "{{application}}")],
              unit="percentunit"),
        panel("JDBC pool: connections in use / max", [
            ('sum by (application) (hikaricp_connections_active{application=~"$service"})', "{{application}} active"),
            ('sum by (application) (hikaricp_connections_max{application=~"$service"})', "{{application}} max")]),
        panel("JDBC pool: requests waiting for a connection", [
            ('sum by (application) (hikaricp_connections_pending{application=~"$service"})', "{{application}}")]),
        panel("JDBC pool: longest wait for a connection (recent max)", [
            (q('max by (application) (hikaricp_connections_acquire_seconds_max{application=~"$service"})'),
             "{{application}}")], unit="s"),
        panel("Uptime", [('max by (application) (process_uptime_seconds{application=~"$service"})', "{{application}}")],
              unit="s"),
    ],
    variables=[service_variable("jvm_memory_used_bytes")])

TR = 'application="track-service"'
pipeline = dashboard(
    "lalala-pipeline", "LALALA · Upload pipeline",
    "track-service: uploads accepted, songs in the audio pipeline, how long each stage takes (validate, segment, "
    "analyse, publish), and how many end READY or FAILED.",
    [
        panel("Uploads per minute by answer (POST /api/tracks)", [
            (q(f'60 * sum by (status) (rate(http_server_requests_seconds_count{{{TR}, method="POST", uri="/api/tracks"}}[RATE]))'),
             "{{status}}")]),
        panel("Songs being processed now", [(f'sum by (instance) (lalala_tracks_pipeline_active{{{TR}}})', "{{instance}}")],
              stack=True),
        panel("Stage time p50 per stage", [
            (q(f'histogram_quantile(0.5, sum by (le, stage) (rate(lalala_tracks_pipeline_stage_seconds_bucket{{{TR}}}[RATE])))'),
             "{{stage}}")], unit="s"),
        panel("Stage time p99 per stage", [
            (q(f'histogram_quantile(0.99, sum by (le, stage) (rate(lalala_tracks_pipeline_stage_seconds_bucket{{{TR}}}[RATE])))'),
             "{{stage}}")], unit="s"),
        panel("Upload to READY, p50 and p99", [
            (q(f'histogram_quantile(0.5, sum by (le) (rate(lalala_tracks_pipeline_duration_seconds_bucket{{{TR}, outcome="ready"}}[RATE])))'), "p50"),
            (q(f'histogram_quantile(0.99, sum by (le) (rate(lalala_tracks_pipeline_duration_seconds_bucket{{{TR}, outcome="ready"}}[RATE])))'), "p99")],
            unit="s"),
        panel("Songs finished per minute, READY or FAILED", [
            (q(f'60 * sum by (outcome) (rate(lalala_tracks_pipeline_duration_seconds_count{{{TR}}}[RATE]))'), "{{outcome}}")]),
    ])

here = os.path.dirname(os.path.abspath(__file__))
for name, board in [("gateway", gateway), ("streaming", streaming), ("chat", chat), ("kafka", kafka), ("jvm", jvm),
                    ("pipeline", pipeline)]:
    with open(os.path.join(here, "dashboards", name + ".json"), "w") as f:
        json.dump(board, f, indent=2)
        f.write("\n")
