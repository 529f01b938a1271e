"""Write the blank planning workbook and the filled example workbook shipped in data/templates/.

Run after changing a template or the example (`make workbooks`); a test checks they are current.
"""

from mmdp.inputs.workbook import csv_folder_as_workbook, write_workbook
from mmdp.paths import examples_dir, templates_dir

TEMPLATES_DIR = templates_dir()

if __name__ == "__main__":
    write_workbook({}, TEMPLATES_DIR / "plan-blank.xlsx")
    csv_folder_as_workbook(examples_dir(), TEMPLATES_DIR / "plan-example.xlsx", notes=True)
    print(f"wrote {TEMPLATES_DIR / 'plan-blank.xlsx'} and {TEMPLATES_DIR / 'plan-example.xlsx'}")
