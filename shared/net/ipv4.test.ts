import { describe, expect, it } from 'vitest';
import { ipv4Of, networkOf } from './ipv4.js';

describe('IPv4 networks', () => {
  it('reads plain and IPv6-mapped addresses, and nothing else', () => {
    expect(ipv4Of('10.1.2.3')).toBe(0x0a010203);
    expect(ipv4Of('::ffff:192.168.7.20')).toBe(0xc0a80714);
    expect(ipv4Of('::1')).toBeNull();
    expect(ipv4Of('300.1.1.1')).toBeNull();
    expect(ipv4Of('')).toBeNull();
    expect(ipv4Of(null)).toBeNull();
  });

  it('gives the network of an address for a prefix length', () => {
    expect(networkOf('10.1.2.3', 24)).toBe('10.1.2.0/24');
    expect(networkOf('::ffff:192.168.7.200', 25)).toBe('192.168.7.128/25');
    expect(networkOf('172.16.9.1', 16)).toBe('172.16.0.0/16');
    expect(networkOf('172.16.9.1', 32)).toBe('172.16.9.1/32');
    expect(networkOf('172.16.9.1', 0)).toBe('0.0.0.0/0');
    expect(networkOf('fe80::1', 24)).toBeNull();
    expect(networkOf('10.0.0.1', 33)).toBeNull();
  });
});
