"""Run a throw-away pilot of an internal collaboration tool and decide, on evidence, whether to roll it out.

Domain and storage only: no Streamlit, no printing, no exiting.
"""
