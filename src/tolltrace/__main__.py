import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while spaCy and friends load: nothing has started yet
    sys.stderr.write("interrupted before the command started; nothing was written\n")
    sys.exit(130)

main()
