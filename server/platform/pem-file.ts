import fs from 'node:fs';
import { ConfigError } from './config.js';

/**
 * A configured PEM file of certificates, read at start-up; a missing file or
 * one without a certificate stops the server with a message naming `variable`.
 */
export function readCertificatePem(file: string, variable: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ variable, message: `cannot read ${file}: ${(error as Error).message}` }]);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError([{ variable, message: `${file} holds no PEM certificate` }]);
  }
  return text;
}
