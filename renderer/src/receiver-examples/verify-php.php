<?php
// PHP 7.4+: php -S 127.0.0.1:3000 verify-php.php (secret in CALYPSO_WEBHOOK_SECRET).
$secret = getenv('CALYPSO_WEBHOOK_SECRET');
if (!$secret) {
    http_response_code(500);
    exit('Set CALYPSO_WEBHOOK_SECRET to the secret key of the subscription');
}

// Verify the raw bytes: parsing and re-serialising the JSON would change the signature.
$rawBody = file_get_contents('php://input');
$sign = strtolower($_SERVER['HTTP_SIGN'] ?? '');
$expected = hash_hmac('sha512', $rawBody, $secret);

if (!hash_equals($expected, $sign)) {
    http_response_code(401);
    exit;
}

$event = json_decode($rawBody, true);
// $_SERVER['HTTP_KEY'] names the subscription; handle $event here, then answer 200.
error_log('event ' . ($event['id'] ?? '?') . ' for ' . ($_SERVER['HTTP_KEY'] ?? '?'));
http_response_code(200);
echo 'OK';
