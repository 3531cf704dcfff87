# If this module were imported or run, it would leave a marker file behind.
import pathlib

pathlib.Path(__file__).with_name("IMPORTED.marker").write_text("imported")
