#!/usr/bin/env python3
"""Writes base/dashboards/*.json, the Grafana dashboards of r1lat, from the panel SQL below.

Run it after changing a query: python3 deploy/k8s/tools/dashboards.py. Tables are named without a
database: the data source's defaultDatabase (r1lat) is the session's database. The JSON files are what
Grafana loads and what DashboardQueriesIT runs against ClickHouse; this script only keeps them
consistent (ids, grid positions, the data source on every target).
"""
import json
import pathlib

DS = {"type": "grafana-clickhouse-datasource", "uid": "r1lat-clickhouse"}
OUT = pathlib.Path(__file__).resolve().parent.parent / "base" / "dashboards"

# leaf groups only: rows with region or tier '*' are the streams app's roll-ups of the same events
LEAF = "region != '*' AND tier != '*'"
PICK = "region IN (${region:singlequote}) AND tier IN (${tier:singlequote})"


def quantile_panel(q, label):
    return {
        "title": f"{label} per region x tier (${{component}}, merged sketches)",
        "type": "timeseries",
        "unit": "ms",
        "description": f"The {label} of the exactly merged DDSketch of each region x tier and time bucket"
        " (sumMap of the 1-minute sketches, read with r1lat_quantile from sql/V001), never an average"
        " of percentiles.",
        "sql": f"""SELECT t AS time, concat(region, ' / ', tier) AS group, r1lat_quantile(merged, {q}) AS {label}_ms
FROM
(
    SELECT toStartOfInterval(window_start, INTERVAL $__interval_s second) AS t, region, tier,
           sumMap(sketch_keys, sketch_counts) AS merged
    FROM latency_stats_1m
    WHERE $__timeFilter(window_start) AND component = '${{component}}' AND {LEAF} AND {PICK}
    GROUP BY t, region, tier
)
ORDER BY time""",
    }


LATENCY = {
    "uid": "r1lat-latency",
    "title": "r1lat latency",
    "variables": [
        ("region", "SELECT DISTINCT region FROM latency_stats_1m WHERE region != '*' ORDER BY region", True),
        ("tier", "SELECT DISTINCT tier FROM latency_stats_1m WHERE tier != '*' ORDER BY tier", True),
        ("component", "SELECT DISTINCT component FROM latency_stats_1m ORDER BY component", False),
    ],
    "annotations": [
        {
            "name": "anomalies",
            "sql": """SELECT toUnixTimestamp64Milli(window_start) AS time, toUnixTimestamp64Milli(window_end) AS timeEnd,
       concat(kind, ' ', state, ': ', region, ' / ', tier, ' ', component, ' ', metric, ' ',
              toString(round(observed, 1)), ' (baseline ', toString(round(ifNull(baseline, nan), 1)), ') ', reason) AS text,
       [kind, state, severity, region, tier, component] AS tags
FROM latency_anomalies
WHERE $__timeFilter(window_start) AND region IN (${region:singlequote}, '*') AND tier IN (${tier:singlequote}, '*')
ORDER BY time""",
        }
    ],
    "panels": [
        quantile_panel(0.5, "p50"),
        quantile_panel(0.99, "p99"),
        {
            "title": "Component breakdown: p99 per component (selected groups, merged sketches)",
            "type": "timeseries",
            "unit": "ms",
            "description": "Each latency component's p99 over the selected region x tier groups.",
            "sql": f"""SELECT t AS time, component, r1lat_quantile(merged, 0.99) AS p99_ms
FROM
(
    SELECT toStartOfInterval(window_start, INTERVAL $__interval_s second) AS t, component,
           sumMap(sketch_keys, sketch_counts) AS merged
    FROM latency_stats_1m
    WHERE $__timeFilter(window_start) AND {LEAF} AND {PICK}
    GROUP BY t, component
)
ORDER BY time""",
        },
        {
            "title": "Component breakdown: share of the e2e mean",
            "type": "barchart",
            "unit": "percentunit",
            "format": "table",
            "description": "Mean of each stage over the time range, as a share of the mean end-to-end latency.",
            "sql": f"""SELECT component, sum(mean * count) / nullIf(sum(count), 0) AS mean_ms,
       mean_ms / nullIf(any(e2e_mean) , 0) AS share_of_e2e
FROM latency_stats_1m
CROSS JOIN
(
    SELECT sum(mean * count) / nullIf(sum(count), 0) AS e2e_mean
    FROM latency_stats_1m
    WHERE $__timeFilter(window_start) AND component = 'e2e' AND {LEAF} AND {PICK}
) AS e
WHERE $__timeFilter(window_start) AND {LEAF} AND {PICK}
  AND component IN ('network', 'queue', 'preprocess', 'prefill', 'decode', 'postprocess')
GROUP BY component
ORDER BY mean_ms DESC""",
        },
        {
            "title": "Goodput: share of requests that succeeded and met every SLO of their tier",
            "type": "timeseries",
            "unit": "percentunit",
            "description": "good_count / count of the e2e rows (succeeded and within slo.ttft and slo.tpot of the tier), per region x tier.",
            "sql": f"""SELECT toStartOfInterval(window_start, INTERVAL $__interval_s second) AS time,
       concat(region, ' / ', tier) AS group,
       sum(good_count) / nullIf(sumIf(count, good_count IS NOT NULL), 0) AS goodput
FROM latency_stats_1m
WHERE $__timeFilter(window_start) AND component = 'e2e' AND {LEAF} AND {PICK}
GROUP BY time, region, tier
ORDER BY time""",
        },
        {
            "title": "Error and timeout rates per region x tier",
            "type": "timeseries",
            "unit": "percentunit",
            "description": "From the raw events: status ERROR and TIMEOUT over all requests (retries"
            " counted once: uniqExact of request ids).",
            "sql": f"""SELECT toStartOfInterval(event_time, INTERVAL $__interval_s second) AS time,
       concat(region, ' / ', tier) AS group,
       uniqExactIf(request_id, status = 'ERROR') / uniqExact(request_id) AS error_rate,
       uniqExactIf(request_id, status = 'TIMEOUT') / uniqExact(request_id) AS timeout_rate
FROM request_timings
WHERE $__timeFilter(event_time) AND {PICK}
GROUP BY time, region, tier
ORDER BY time""",
        },
    ],
}

PIPELINE = {
    "uid": "r1lat-pipeline",
    "title": "r1lat pipeline health",
    "variables": [],
    "annotations": [],
    "panels": [
        {
            "title": "Freshness: seconds since the newest stored window ended",
            "type": "stat",
            "unit": "s",
            "format": "table",
            "description": "Grows when the streams app, the sink or ClickHouse falls behind.",
            "sql": """SELECT dateDiff('second', max(window_end), now64(3)) AS seconds_behind
FROM latency_stats_1m
WHERE window_end > now() - INTERVAL 1 DAY""",
        },
        {
            "title": "Pipeline delay: window end to row stored",
            "type": "timeseries",
            "unit": "s",
            "description": "How long after its window closed a statistics row reached ClickHouse"
            " (grace + Kafka Streams commit + sink batching + insert).",
            "sql": """SELECT toStartOfInterval(window_start, INTERVAL $__interval_s second) AS time,
       quantile(0.5)(dateDiff('millisecond', window_end, inserted_at) / 1000) AS p50_delay_s,
       max(dateDiff('millisecond', window_end, inserted_at) / 1000) AS max_delay_s
FROM latency_stats_1m
WHERE $__timeFilter(window_start)
GROUP BY time
ORDER BY time""",
        },
        {
            "title": "Events stored raw vs counted in 1-minute statistics",
            "type": "timeseries",
            "unit": "short",
            "description": "Raw events (distinct request ids) beside the e2e count of the leaf"
            " statistics of the same minutes: the gap is events the streams app routed late, to"
            " its DLQ or to quarantine.",
            "sql": f"""SELECT time, raw_events, counted, raw_events - counted AS not_counted
FROM
(
    SELECT toStartOfInterval(event_time, INTERVAL $__interval_s second) AS time,
           uniqExact(request_id) AS raw_events
    FROM request_timings
    WHERE $__timeFilter(event_time)
    GROUP BY time
) AS r
LEFT JOIN
(
    SELECT toStartOfInterval(window_start, INTERVAL $__interval_s second) AS time,
           sum(count) AS counted
    FROM latency_stats_1m
    WHERE $__timeFilter(window_start) AND component = 'e2e' AND {LEAF}
    GROUP BY time
) AS s USING (time)
ORDER BY time""",
        },
        {
            "title": "Requests per second stored",
            "type": "timeseries",
            "unit": "reqps",
            "description": "Raw events stored, by event time.",
            "sql": """SELECT toStartOfInterval(event_time, INTERVAL $__interval_s second) AS time,
       count() / $__interval_s AS requests_per_s
FROM request_timings
WHERE $__timeFilter(event_time)
GROUP BY time
ORDER BY time""",
        },
        {
            "title": "Anomaly events by kind and state",
            "type": "timeseries",
            "unit": "short",
            "description": "OPEN / UPDATE / RESOLVED events the detector raised.",
            "sql": """SELECT toStartOfInterval(detected_at, INTERVAL $__interval_s second) AS time,
       concat(kind, ' ', state) AS series, count() AS events
FROM latency_anomalies
WHERE $__timeFilter(detected_at)
GROUP BY time, kind, state
ORDER BY time""",
        },
    ],
}


def variable(name, sql, multi):
    return {
        "name": name,
        "type": "query",
        "datasource": DS,
        "query": sql,
        "definition": sql,
        "refresh": 2,
        "multi": multi,
        "includeAll": multi,
        "current": {} if multi else {"text": "e2e", "value": "e2e"},
    }


def panel(i, p):
    table = p.get("format") == "table"
    return {
        "id": i + 1,
        "title": p["title"],
        "description": p["description"],
        "type": p["type"],
        "datasource": DS,
        "gridPos": {"h": 8, "w": 12, "x": (i % 2) * 12, "y": (i // 2) * 8},
        "fieldConfig": {"defaults": {"unit": p["unit"]}, "overrides": []},
        "options": {},
        "targets": [
            {
                "refId": "A",
                "datasource": DS,
                "editorType": "sql",
                "queryType": "table" if table else "timeseries",
                "format": 1 if table else 0,
                "rawSql": p["sql"],
            }
        ],
    }


def dashboard(d):
    return {
        "uid": d["uid"],
        "title": d["title"],
        "tags": ["r1lat"],
        "timezone": "utc",
        "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "refresh": "1m",
        "templating": {"list": [variable(*v) for v in d["variables"]]},
        "annotations": {
            "list": [
                {
                    "name": a["name"],
                    "enable": True,
                    "iconColor": "red",
                    "datasource": DS,
                    "target": {"refId": "Anno", "editorType": "sql", "format": 1, "rawSql": a["sql"]},
                }
                for a in d["annotations"]
            ]
        },
        "panels": [panel(i, p) for i, p in enumerate(d["panels"])],
    }


OUT.mkdir(parents=True, exist_ok=True)
for name, d in (("r1lat-latency.json", LATENCY), ("r1lat-pipeline.json", PIPELINE)):
    (OUT / name).write_text(json.dumps(dashboard(d), indent=2) + "\n")
