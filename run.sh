#!/usr/bin/env bash
# Set up (a .venv beside this file with the app's requirements, made if missing) and start the app
# on http://localhost:8501, on this machine only. A new database starts with the demo pilot.
# It keeps the terminal: stop it with Ctrl+C. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
install_requirements requirements.txt
echo "Starting the pilot dashboard on http://localhost:8501 (Ctrl+C stops it)"
exec python -m streamlit run app.py --server.headless true \
  --server.address localhost --server.port 8501 "$@"
