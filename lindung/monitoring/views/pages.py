"""The monitoring pages whose panels can be downloaded, by the name in their download URLs."""

from ..reports.annual import annual_panels, paritrana
from ..selectors.coverage import coverage_panels
from ..selectors.money import money_panels
from ..selectors.programme import programme_panels
from ..selectors.province import province_panels

PAGES = {
    "program": programme_panels,
    "cakupan": coverage_panels,
    "keuangan": money_panels,
    "provinsi": province_panels,
    "laporan": lambda view: [paritrana(view, annual_panels(view)).published()],
}
