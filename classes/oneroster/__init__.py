"""1EdTech OneRoster 1.1 bulk CSV: reading a school information system's export into the
site (importer), and writing the site's roster out the same way (exporter).

The rules for messy files (what is an error, what is a warning) are in `README.md`, section
"Importing a roster", and in each message's text.
"""
