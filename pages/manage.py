"""Manage: import and export the library, edit use cases."""

from __future__ import annotations

import streamlit as st

st.title("Manage")
