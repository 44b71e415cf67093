"""Entry and home page: the chosen pilot at a glance."""

import streamlit as st

import ui

db, pilot = ui.page_setup("Pilot at a glance", icon="🧪")
st.caption(pilot.purpose)
