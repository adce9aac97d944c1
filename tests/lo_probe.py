"""Probe a workbook in headless LibreOffice through UNO (run with the system python3 that has
``uno``, from python3-uno): Basic modules, form-control event bindings, and optionally run a
document Basic/VBA macro; prints one JSON object.

Usage: python3 lo_probe.py WORKBOOK PROFILE_DIR [SCRIPT_URI SHEET CELL]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main() -> int:
    path, profile = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    pipe = f"ppidprobe{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            raise SystemExit("soffice did not answer")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (
            prop("Hidden", True), prop("MacroExecutionMode", 4)))  # ALWAYS_EXECUTE_NO_WARN
        out = {"libraries": {}, "controls": [], "shapes": []}
        libraries = doc.BasicLibraries
        for name in libraries.getElementNames():
            libraries.loadLibrary(name)
            lib = libraries.getByName(name)
            out["libraries"][name] = {m: lib.getByName(m) for m in lib.getElementNames()}
        sheet = doc.Sheets.getByName("Register")
        page = sheet.DrawPage
        for i in range(page.getCount()):
            shape = page.getByIndex(i)
            entry = {"name": shape.Name}
            if hasattr(shape, "Control") and shape.Control is not None:
                model = shape.Control
                entry["label"] = getattr(model, "Label", None)
            out["shapes"].append(entry)
        forms = page.Forms
        for f in range(forms.getCount()):
            form = forms.getByIndex(f)
            for c in range(form.getCount()):
                model = form.getByIndex(c)
                events = [{"listener": e.ListenerType, "method": e.EventMethod, "type": e.ScriptType,
                           "code": e.ScriptCode} for e in form.getScriptEvents(c)]
                out["controls"].append({"name": model.Name, "label": getattr(model, "Label", None),
                                        "events": events})
        if len(sys.argv) > 3:
            uri, sheet_name, cell = sys.argv[3], sys.argv[4], sys.argv[5]
            script = doc.getScriptProvider().getScript(uri)
            script.invoke((), (), ())
            out["cell"] = doc.Sheets.getByName(sheet_name).getCellRangeByName(cell).getString()
        doc.close(True)
        print(json.dumps(out))
        try:
            desktop.terminate()
        except Exception:
            pass
        return 0
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    raise SystemExit(main())
