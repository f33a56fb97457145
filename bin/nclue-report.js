#!/usr/bin/env node
import '../dist/bundle/nclue-report.js';
