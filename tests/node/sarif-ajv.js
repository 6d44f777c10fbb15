// ajv-cli plugin for the SARIF 2.1.0 schema (tests/p6100-ci-output.py):
// its "language" pattern is not valid with JavaScript's u flag, which ajv 8
// sets by default, so patterns are compiled without it; and the formats
// (uri, date-time) are checked with ajv-formats.
module.exports = (ajv) => {
  ajv.opts.unicodeRegExp = false;
  require("ajv-formats")(ajv);
  return ajv;
};
