"""Run a throw-away pilot of an internal collaboration tool and decide, on evidence, whether to roll it out.

Domain and storage only: no Streamlit, no printing, no exiting. The rooms follow the data, and
imports point down only (the layers contract in pyproject.toml holds it):

    core/      errors, vocabularies, weeks, text, the CSV policy, number formats
    store      the database: connect, transaction, schema migrations
    setup/     the pilot, the sponsor's goals, the sample group
    intake/    weekly usage: export formats, importers, imports, entries by hand, KPIs
    stories/   benefits, wins, concerns         playbook/  training, prompts, follow-ups
    results/   metrics, goal progress, the decision, tiles, charts, people, the overview
    report/    the go / no-go summary and its formats
    export, demo, cli
"""
