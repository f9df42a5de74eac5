"""Settings package: ``base`` holds what is shared; ``development`` (default), ``production`` and
``test`` are chosen with DJANGO_SETTINGS_MODULE."""
