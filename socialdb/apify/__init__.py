"""Everything that knows the shape of Apify's LinkedIn output: records and files."""
