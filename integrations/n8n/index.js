// n8n finds the nodes through package.json's "n8n" section; nothing is imported from here.
module.exports = {};
