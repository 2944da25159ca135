#!/usr/bin/env python3
"""QGIS opens geoevent's outputs as a user would, and they come out right.

Runs `geoevent extract` on the Boukamal example into a GeoPackage, a GeoJSON file and
PostGIS, and `geoevent control` on the result; then, with PyQGIS (Debian's python3-qgis,
run by /usr/bin/python3), checks every layer is valid, has the expected feature count and
field types (dates as dates), and came up with geoevent's default style (categorized by
actor, labels, temporal properties) without anyone setting it; loads the written .qgs
projects; renders events and control areas and counts the pixels each drew.

Exit 0 passed, 1 failed, 77 skipped (CTest SKIP_RETURN_CODE): PyQGIS is not installed, or
no PostGIS server was given (GEOEVENT_TEST_PG) - then after the file checks have passed,
so a missing server never hides a file failure and never passes silently either.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77

try:
    from qgis.core import (NULL, QgsApplication, QgsCoordinateReferenceSystem, QgsMapRendererSequentialJob,
                           QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer,
                           QgsVectorLayerTemporalProperties, QgsWkbTypes)
    from qgis.PyQt.QtCore import QSize, Qt, QVariant
    from qgis.PyQt.QtGui import QColor
except ImportError as e:  # python3-qgis missing: scripts/install-deps.sh --with-integration
    print(f"SKIP: cannot import qgis.core with {sys.executable}: {e}")
    sys.exit(SKIP)

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
    return condition


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def pg_uri(gdal_target, table, geometry="wkb_geometry"):
    """GDAL's PG:key=value string as a QGIS postgres URI of one table (GDAL's column names)."""
    conn = gdal_target[3:]
    uri = f"{conn} key='ogc_fid' table=\"public\".\"{table}\""
    return uri + (f" ({geometry})" if geometry else "")


def values(layer, field):
    return [f[field] for f in layer.getFeatures()]


def field_types(layer):
    return {f.name(): f.type() for f in layer.fields()}


def check_style(layer, label, field, categories_expected):
    """The default style QGIS applied on load: categorized on `field`, one class per value."""
    renderer = layer.renderer()
    if not check(renderer is not None and renderer.type() == "categorizedSymbol",
                 f"{label}: default style applied (categorized renderer, got "
                 f"{renderer.type() if renderer else None})"):
        return {}
    check(renderer.classAttribute() == field, f"{label}: categorized on {field}")
    classes = {c.value(): c.symbol().color() for c in renderer.categories() if c.value() not in ("", None)}
    check(set(classes) == set(categories_expected),
          f"{label}: one legend class per {field} value {sorted(categories_expected)} (got {sorted(classes)})")
    check(len(renderer.legendSymbolItems()) == len(categories_expected) + 1,
          f"{label}: legend has the classes plus 'other'")
    return classes


def check_temporal(layer, label, mode, start, end=""):
    """The style's temporal settings. QGIS 3.22 reads them from a default style but then
    switches the layer's temporal control off again (QGIS issue #42223); a project keeps
    it on, which check_project() asserts."""
    temporal = layer.temporalProperties()
    check(temporal.mode() == mode and temporal.startField() == start and temporal.endField() == end,
          f"{label}: temporal properties preset on {start}{'/' + end if end else ''}")
    if mode == QgsVectorLayerTemporalProperties.ModeFeatureDateTimeInstantFromField:
        # QGIS's own guess from the field names never accumulates: only the style does.
        check(temporal.accumulateFeatures(), f"{label}: events accumulate on the time line (from the style)")


def check_events(layer, label, schema=True):
    """`schema`: the format declares field types; GeoJSON's are guessed from the values."""
    if not check(layer.isValid(), f"{label}: valid"):
        return {}
    check(layer.featureCount() == 3, f"{label}: 3 events (got {layer.featureCount()})")
    check(layer.geometryType() == QgsWkbTypes.PointGeometry, f"{label}: points")
    types = field_types(layer)
    check(types.get("event_date") == QVariant.Date, f"{label}: event_date is a Date (type {types.get('event_date')})")
    check(types.get("time_precision") == QVariant.Int, f"{label}: time_precision is an Integer")
    check(types.get("geonameid") in ((QVariant.LongLong,) if schema else (QVariant.LongLong, QVariant.Int)),
          f"{label}: geonameid is an Integer64 (type {types.get('geonameid')})")
    check(types.get("latitude") == QVariant.Double, f"{label}: latitude is a Real")
    actors = set(values(layer, "actor1"))
    check({"Islamic State", "Iraqi government forces"} <= actors, f"{label}: expected actors in actor1 ({actors})")
    classes = check_style(layer, label, "actor1", actors)
    check_temporal(layer, label, QgsVectorLayerTemporalProperties.ModeFeatureDateTimeInstantFromField, "event_date")
    check(layer.labelsEnabled() and "location" in layer.labeling().settings().fieldName
          and "event_date" in layer.labeling().settings().fieldName, f"{label}: labelled with location and date")
    return classes


def check_control(points, areas, label, schema=True):
    if check(points.isValid(), f"{label} control: valid"):
        check(points.featureCount() == 3, f"{label} control: 3 places (got {points.featureCount()})")
        types = field_types(points)
        # valid_to is null while a controller still holds the place: all null here, and
        # GeoJSON has only the values to guess a type from.
        guessed_end = not schema and types.get("valid_to") != QVariant.Date and set(values(points, "valid_to")) == {NULL}
        check(types.get("valid_from") == QVariant.Date and (types.get("valid_to") == QVariant.Date or guessed_end),
              f"{label} control: valid_from/valid_to are Dates ({types.get('valid_from')}, {types.get('valid_to')})")
        check_style(points, f"{label} control", "controller", set(values(points, "controller")))
        if guessed_end:  # no date field to end on: QGIS keeps only the start
            check(points.temporalProperties().startField() == "valid_from", f"{label} control: temporal start valid_from")
        else:
            check_temporal(points, f"{label} control",
                           QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields, "valid_from",
                           "valid_to")
    if check(areas.isValid(), f"{label} control_areas: valid"):
        check(areas.featureCount() >= 2, f"{label} control_areas: one area per controller ({areas.featureCount()})")
        check(areas.geometryType() == QgsWkbTypes.PolygonGeometry, f"{label} control_areas: polygons")
        check_style(areas, f"{label} control_areas", "controller", set(values(areas, "controller")))


def render(layers, extent, path=None, size=(800, 560)):
    settings = QgsMapSettings()
    settings.setLayers(layers)  # first drawn on top
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    settings.setOutputSize(QSize(*size))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(extent)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if path:
        image.save(path, "PNG")
    return image


def draw_legend(image, renderer, title):
    """A legend box in the map's corner, from the renderer's own classes, for the README."""
    from qgis.PyQt.QtCore import QRectF, Qt
    from qgis.PyQt.QtGui import QFont, QPainter
    classes = [c for c in renderer.categories() if c.value() not in ("", None)]
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    font = QFont("Sans Serif")
    font.setPixelSize(13)
    painter.setFont(font)
    height = 34 + 20 * len(classes)
    painter.setPen(QColor(120, 120, 120))
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRect(QRectF(10, 10, 300, height))
    painter.setPen(QColor(30, 30, 30))
    painter.drawText(QRectF(20, 14, 290, 20), Qt.AlignLeft | Qt.AlignVCenter, title)
    for i, c in enumerate(classes):
        y = 38 + 20 * i
        painter.setBrush(c.symbol().color())
        painter.drawEllipse(QRectF(22, y + 3, 12, 12))
        painter.drawText(QRectF(42, y, 260, 18), Qt.AlignLeft | Qt.AlignVCenter, c.label())
    painter.end()


def pixels(image, predicate):
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            if predicate(QColor(image.pixel(x, y))):
                count += 1
    return count


def not_background(c):
    return (c.red(), c.green(), c.blue()) != (255, 255, 255)


def check_rendering(events, control, areas, countries, png):
    # Around the events, where the front lines between the areas run.
    extent = QgsRectangle(events.extent())
    extent.grow(1.2)
    total = 800 * 560
    only_events = render([events], extent, size=(800, 560))
    drawn = pixels(only_events, not_background)
    # Three symbols of 3.6 mm at 96 dpi are about 3 x 150 pixels; labels add more.
    check(300 < drawn < total * 0.05, f"events drawn: {drawn} non-background pixels")
    # Each class's colour, exactly as the style gives it, fills at least part of a symbol:
    # the renderer used the categories, not some default.
    for actor, color in check_style(events, "rendered events", "actor1", set(values(events, "actor1"))).items():
        rgb = (color.red(), color.green(), color.blue())
        hits = pixels(only_events, lambda c, rgb=rgb: (c.red(), c.green(), c.blue()) == rgb)
        check(hits >= 20, f"events drawn in the style's colour of {actor} {rgb}: {hits} pixels")
    only_areas = render([areas], extent, size=(800, 560))
    filled = pixels(only_areas, not_background)
    check(filled > total * 0.5, f"control areas drawn: {filled} of {total} pixels")
    # The areas are translucent: where two controllers meet, two different fills show.
    fills = {(c.red(), c.green(), c.blue()) for c in (QColor(only_areas.pixel(x, y))
             for x in range(0, 800, 20) for y in range(0, 560, 20)) if not_background(c)}
    check(len(fills) >= 2, f"control areas in several colours ({len(fills)} distinct fills sampled)")
    basemap = [countries] if countries and countries.isValid() else []
    base = render([areas] + basemap, extent)
    both = render([events, control, areas] + basemap, extent)
    # The points stay visible over the areas: pixels where the map differs from it without them.
    over = sum(1 for y in range(0, 560) for x in range(0, 800) if both.pixel(x, y) != base.pixel(x, y))
    check(over >= 300, f"map: points drawn over the areas ({over} pixels differ from the areas alone)")
    draw_legend(both, events.renderer(), "Who holds what, 10 Nov 2017 (areas, events)")
    both.save(png, "PNG")
    check(os.path.getsize(png) < 200_000, f"{png} is small ({os.path.getsize(png)} bytes)")


def check_project(path, label, expected_layers, relations=0):
    project = QgsProject.instance()
    project.clear()
    check(project.read(path), f"{label}: QGIS reads the project {os.path.basename(path)}")
    layers = {l.name(): l for l in project.mapLayers().values()}
    found = project.relationManager().relations().values()
    check(len(found) == relations and all(r.isValid() for r in found),
          f"{label}: {relations} valid relation(s) between the layers ({[r.name() for r in found]})")
    check(len(layers) == expected_layers, f"{label}: project has {expected_layers} layers ({sorted(layers)})")
    for name, layer in layers.items():
        check(layer.isValid(), f"{label}: project layer {name} is valid")
        if layer.geometryType() != QgsWkbTypes.NullGeometry:
            check(layer.renderer() is not None and layer.renderer().type() == "categorizedSymbol",
                  f"{label}: project layer {name} has its style")
        if layer.geometryType() == QgsWkbTypes.PointGeometry:
            check(layer.temporalProperties().isActive(), f"{label}: project layer {name} is on the time line")
    project.clear()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--geoevent", required=True)
    parser.add_argument("--example", required=True)
    parser.add_argument("--work", help="directory for the outputs (default: a temporary one)")
    parser.add_argument("--png", help="where to write the rendered map (default: WORK/boukamal.png)")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="geoevent-qgis-")
    os.makedirs(work, exist_ok=True)
    for name in os.listdir(work):
        os.remove(os.path.join(work, name))
    png = args.png or os.path.join(work, "boukamal.png")
    pg = os.environ.get("GEOEVENT_TEST_PG", "")

    geoevent = args.geoevent
    gpkg, geojson = os.path.join(work, "boukamal.gpkg"), os.path.join(work, "boukamal.geojson")
    control = os.path.join(work, "control.gpkg")
    run(geoevent, "extract", args.example, "-o", gpkg, "--qgis-project", "--quiet")
    run(geoevent, "extract", args.example, "-o", geojson, "--quiet")
    run(geoevent, "control", gpkg, "--as-of", "2017-11-10", "-o", control, "--qgis-project", "--quiet")
    control_json = os.path.join(work, "control.geojson")
    run(geoevent, "control", gpkg, "--as-of", "2017-11-10", "-o", control_json, "--quiet")

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    try:
        events = QgsVectorLayer(gpkg + "|layername=events", "events", "ogr")
        check_events(events, "GeoPackage events")
        sources = QgsVectorLayer(gpkg + "|layername=sources", "sources", "ogr")
        if check(sources.isValid() and sources.featureCount() == 1, "GeoPackage sources: one article"):
            check(set(values(events, "source_id")) <= set(values(sources, "source_id")),
                  "every event's source_id is a row of sources")
            date_field = sources.fields().field("date")
            check(date_field.type() == QVariant.Date, "sources.date is a Date field")
            # The example has no `date`: its publication date comes from its dateline.
            check([v.toString(Qt.ISODate) if hasattr(v, "toString") else str(v) for v in values(sources, "date")]
                  == ["2017-11-09"], "sources.date is the article's publication date")
        check_events(QgsVectorLayer(geojson, "events", "ogr"), "GeoJSON events (style from boukamal.qml)", False)

        points = QgsVectorLayer(control + "|layername=control", "control", "ogr")
        areas = QgsVectorLayer(control + "|layername=control_areas", "control_areas", "ogr")
        check_control(points, areas, "GeoPackage")
        check_control(QgsVectorLayer(control_json, "control", "ogr"),
                      QgsVectorLayer(os.path.join(work, "control_areas.geojson"), "control_areas", "ogr"), "GeoJSON",
                      False)

        boundaries = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(geoevent))),
                                  "share", "geoevent", "boundaries", "countries.geojson")
        countries = QgsVectorLayer(boundaries, "countries", "ogr") if os.path.exists(boundaries) else None
        if countries is not None and countries.isValid():
            countries.renderer().symbol().setColor(QColor(238, 236, 230))
        check_rendering(events, points, areas, countries, png)

        check_project(os.path.join(work, "boukamal.qgs"), "extract project", 2, relations=1)
        check_project(os.path.join(work, "control.qgs"), "control project", 2)

        if not pg:
            print("SKIP: PostGIS part: GEOEVENT_TEST_PG is not set (the CTest fixture sets it)")
            return 1 if failures else SKIP
        run(geoevent, "extract", args.example, "-o", pg, "--overwrite", "--quiet",
            "--qgis-project", os.path.join(work, "pg.qgs"))
        check_events(QgsVectorLayer(pg_uri(pg, "events"), "events", "postgres"), "PostGIS events")
        pg_sources = QgsVectorLayer(pg_uri(pg, "sources", None), "sources", "postgres")
        check(pg_sources.isValid() and pg_sources.featureCount() == 1, "PostGIS sources: one article")
        check_project(os.path.join(work, "pg.qgs"), "PostGIS project", 2, relations=1)
        return 1 if failures else 0
    finally:
        print(f"{len(failures)} failure(s)" + "".join(f"\n  {f}" for f in failures))


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Not app.exitQgis() and interpreter teardown: PyQGIS 3.22 can crash there while
    # layers are destroyed, which would turn a pass into a failure (exit 139).
    os._exit(code)
