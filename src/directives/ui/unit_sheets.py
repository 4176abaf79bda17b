"""The Đơn vị page's Excel section: the units workbook to download (every unit, or a blank
template), the 2025 catalog of a province (or one commune) as a units workbook, and the upload →
check → save of a filled one (:func:`directives.ui.sheets.import_section`)."""

from datetime import date

import streamlit as st
from sqlmodel import Session

from directives.formatting import day as show_day
from directives.importers import catalog
from directives.queries.cache import cached
from directives.reports.unit_workbook import units_template
from directives.services import unit_import
from directives.services.errors import ServiceError
from directives.ui import data, sheets
from directives.ui.markup import show_error
from directives.ui.session import t

KEY = "admin_units.excel"


def units_workbook() -> bytes:
    """Every unit in the units workbook (cached per data version)."""

    def compute(session: Session) -> bytes:
        return units_template(unit_import.saved_rows(session=session))

    return cached(data.engine(), "units_workbook", None, compute)


def section() -> None:
    """The whole section, in an expander."""
    with st.expander(t("units_excel"), icon=":material/table_view:"):
        st.caption(t("units_excel_help"))
        left, right = st.columns(2)
        left.download_button(
            t("units_export"),
            units_workbook,
            file_name="don-vi.xlsx",
            mime=sheets.XLSX,
            icon=":material/download:",
            key=f"{KEY}.export",
        )
        right.download_button(
            t("units_blank"),
            lambda: units_template(),
            file_name="don-vi-mau.xlsx",
            mime=sheets.XLSX,
            icon=":material/download:",
            key=f"{KEY}.blank",
        )
        st.markdown(f"**{t('units_catalog')}**")
        retrieved = date.fromisoformat(catalog.DATA_VERSION)
        st.caption(t("units_catalog_help").format(day=show_day(retrieved)))
        cols = st.columns([2, 3])
        names = [p.name for p in catalog.provinces()]
        province = cols[0].selectbox(t("units_province"), names, index=None, key=f"{KEY}.province")
        commune = cols[1].text_input(t("units_commune"), key=f"{KEY}.commune")
        if province:
            try:
                rows = catalog.catalog_rows(province, commune.strip() or None)
            except ServiceError as error:
                show_error(str(error))
            else:
                st.download_button(
                    f"{t('units_catalog_download')} ({len(rows)})",
                    units_template(rows),
                    file_name=f"don-vi-{catalog.find_province(province).code}.xlsx",
                    mime=sheets.XLSX,
                    icon=":material/download:",
                    key=f"{KEY}.catalog",
                )
        st.divider()
        sheets.import_section("units", f"{KEY}.import")
