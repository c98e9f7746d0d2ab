import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, isLoopback } from './client-address.js';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('is the socket peer unless the server trusts a proxy', () => {
    const direct = { trustProxy: false, proxyHops: 1 };
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), direct)).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:203.0.113.9'), direct)).toBe('203.0.113.9');
  });

  it('takes the entry the trusted proxy wrote (rightmost), never what the client wrote', () => {
    const proxied = { trustProxy: true, proxyHops: 1 };
    // The client sent "X-Forwarded-For: 1.1.1.1"; nginx appended the address it saw.
    expect(clientAddress(request('127.0.0.1', '1.1.1.1, 203.0.113.9'), proxied)).toBe(
      '203.0.113.9',
    );
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), proxied)).toBe('203.0.113.9');
    expect(clientAddress(request('127.0.0.1', ' 2001:db8::7 '), proxied)).toBe('2001:db8::7');
  });

  it('counts trusted hops from the right', () => {
    const twoHops = { trustProxy: true, proxyHops: 2 };
    // client-written, client as the CDN saw it, the CDN as nginx saw it.
    expect(clientAddress(request('127.0.0.1', '9.9.9.9, 203.0.113.9, 192.0.2.1'), twoHops)).toBe(
      '203.0.113.9',
    );
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), twoHops)).toBe('203.0.113.9');
  });

  it('falls back to the proxy itself for a missing or malformed header', () => {
    const proxied = { trustProxy: true, proxyHops: 1 };
    expect(clientAddress(request('127.0.0.1'), proxied)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', 'unknown'), proxied)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', '1.2.3.4, '), proxied)).toBe('1.2.3.4');
    expect(clientAddress(request('127.0.0.1', '[2001:db8::1]:443'), proxied)).toBe('2001:db8::1');
    expect(clientAddress(request('127.0.0.1', '203.0.113.9:5000'), proxied)).toBe('203.0.113.9');
  });
});

describe('addressBucket', () => {
  it('keeps IPv4 addresses and groups IPv6 addresses by /64', () => {
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressBucket('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('tells loopback apart', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.0.0.2')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});
