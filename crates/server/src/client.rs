//! Who a request comes from, as the limits and "one reader" see it.
//!
//! - **The address**: the peer's, unless the peer is a trusted proxy, then
//!   the last `X-Forwarded-For` hop that is not one. Every address is taken
//!   in its canonical form first: a dual-stack listener sees an IPv4 proxy
//!   as `::ffff:a.b.c.d`, which must match `a.b.c.d` in `trusted_proxies`.
//! - **The client**: an IPv4 address, or an IPv6 address's first
//!   `ipv6_prefix` bits (a /64 by default). One machine or household gets a
//!   whole /64 and picks any address in it: limited per address, it could
//!   count as 2^64 readers.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ipnet::IpNet;

/// What telling clients apart needs from the configuration.
#[derive(Clone, Debug)]
pub struct ClientRules {
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Bits of an IPv6 address that make one client.
    pub ipv6_prefix: u8,
}

impl ClientRules {
    /// How clients are told apart under `config`.
    pub fn of(config: &crate::config::Config) -> ClientRules {
        ClientRules {
            trusted_proxies: config.trusted_proxies.clone(),
            ipv6_prefix: config.clients.ipv6_prefix,
        }
    }

    /// Whether `peer` is a proxy whose forwarded addresses are believed.
    pub fn is_trusted(&self, peer: IpAddr) -> bool {
        let peer = peer.to_canonical();
        self.trusted_proxies
            .iter()
            .any(|net| net.contains(&peer) || net.contains(&IpAddr::V6(mapped(peer))))
    }

    /// The reader's address: the peer's, unless the peer is a trusted
    /// proxy, then the last `X-Forwarded-For` hop that is not one.
    pub fn address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.is_trusted(peer) {
            return peer;
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
            .map(|hop| hop.to_canonical())
            .collect::<Vec<_>>();
        forwarded
            .into_iter()
            .rev()
            .find(|hop| !self.is_trusted(*hop))
            .unwrap_or(peer)
    }

    /// The client an address belongs to: itself (IPv4), or its prefix (IPv6).
    pub fn client_of(&self, address: IpAddr) -> IpAddr {
        match address.to_canonical() {
            IpAddr::V4(v4) => IpAddr::V4(v4),
            IpAddr::V6(v6) => {
                let bits = u32::from(self.ipv6_prefix.min(128));
                let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
                IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
            }
        }
    }
}

/// An IPv4 address as an IPv4-mapped IPv6 one (a range written that way
/// still matches); an IPv6 one as it is.
fn mapped(address: IpAddr) -> Ipv6Addr {
    match address {
        IpAddr::V4(v4) => v4.to_ipv6_mapped(),
        IpAddr::V6(v6) => v6,
    }
}

/// The client a request comes from: an extractor for every handler that
/// limits or counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client {
    /// The reader's address ([`ClientRules::address`]).
    pub address: IpAddr,
    /// The client it belongs to ([`ClientRules::client_of`]): what limits
    /// are kept by and what "one reader" hashes.
    pub key: IpAddr,
}

impl<S> FromRequestParts<S> for Client
where
    S: Send + Sync,
    Arc<ClientRules>: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let rules = Arc::<ClientRules>::from_ref(state);
        // Served without connect info (a test's in-process router): the
        // unspecified address, one client.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.ip());
        let address = rules.address(peer, &parts.headers);
        Ok(Client {
            address,
            key: rules.client_of(address),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(trusted: &[&str], ipv6_prefix: u8) -> ClientRules {
        ClientRules {
            trusted_proxies: trusted
                .iter()
                .map(|t| {
                    t.parse::<IpNet>()
                        .unwrap_or_else(|_| IpNet::from(t.parse::<IpAddr>().unwrap()))
                })
                .collect(),
            ipv6_prefix,
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let rules = rules(&["10.0.0.1"], 64);
        let headers = forwarded("198.51.100.1, 203.0.113.7");
        // A reader cannot claim another address.
        assert_eq!(
            rules.address(ip("203.0.113.7"), &headers),
            ip("203.0.113.7")
        );
        // Behind the proxy: the hop it saw (the forged first one is ignored).
        assert_eq!(rules.address(ip("10.0.0.1"), &headers), ip("203.0.113.7"));
        assert_eq!(
            rules.address(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn a_dual_stack_listener_sees_an_ipv4_proxy_as_mapped_and_still_trusts_it() {
        let rules = rules(&["10.0.0.1", "192.0.2.0/24"], 64);
        let headers = forwarded("203.0.113.7");
        assert_eq!(
            rules.address(ip("::ffff:10.0.0.1"), &headers),
            ip("203.0.113.7")
        );
        assert_eq!(
            rules.address(ip("::ffff:192.0.2.99"), &headers),
            ip("203.0.113.7")
        );
        // A mapped reader address is the IPv4 reader.
        let mapped_reader = forwarded("::ffff:203.0.113.8");
        assert_eq!(
            rules.address(ip("10.0.0.1"), &mapped_reader),
            ip("203.0.113.8")
        );
        assert!(!rules.is_trusted(ip("::ffff:10.0.0.2")));
    }

    #[test]
    fn an_ipv6_client_is_its_prefix() {
        let by_64 = rules(&[], 64);
        assert_eq!(
            by_64.client_of(ip("2001:db8:1:2:aaaa::1")),
            ip("2001:db8:1:2::")
        );
        assert_eq!(
            by_64.client_of(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")),
            by_64.client_of(ip("2001:db8:1:2::7"))
        );
        assert_ne!(
            by_64.client_of(ip("2001:db8:1:3::1")),
            by_64.client_of(ip("2001:db8:1:2::1"))
        );
        assert_eq!(by_64.client_of(ip("192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(by_64.client_of(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(
            rules(&[], 48).client_of(ip("2001:db8:1:2::1")),
            ip("2001:db8:1::")
        );
        assert_eq!(
            rules(&[], 128).client_of(ip("2001:db8::1")),
            ip("2001:db8::1")
        );
    }
}
