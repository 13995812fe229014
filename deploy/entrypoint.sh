#!/bin/sh
# The container's entrypoint (deploy/Dockerfile), POSIX sh. The first argument says what to run:
#   serve     apply pending migrations, then run the web service (the default)
#   worker    run background jobs until SIGTERM (raviv jobs worker)
#   upgrade   apply pending migrations and exit (raviv db upgrade)
#   anything else is handed to the raviv command: `accounts create …`, `backup --out …`, `--help`
# Settings come from the environment (deploy/.env.example). HOST, PORT and RAVIV_WORKERS say
# where `serve` listens and how many processes answer (0.0.0.0, 8000 and 2 by default).
set -eu

if [ "$#" -eq 0 ]; then
    set -- serve
fi

command=$1
shift

case "$command" in
    serve)
        raviv db upgrade
        exec raviv serve \
            --host "${HOST:-0.0.0.0}" \
            --port "${PORT:-8000}" \
            --workers "${RAVIV_WORKERS:-2}" \
            "$@"
        ;;
    worker)
        exec raviv jobs worker "$@"
        ;;
    upgrade)
        exec raviv db upgrade "$@"
        ;;
    *)
        exec raviv "$command" "$@"
        ;;
esac
