// SPDX-License-Identifier: Apache-2.0
// Decoding payloads: schema-registry framing detection (and the Protobuf index list for
// later decoders), the built-in decoders and automatic choice, the JSON reader and the
// bounded pretty printer, UTF-8 validation and base64.
#include "decode/base64.h"
#include "decode/builtin_decoders.h"
#include "decode/decoder_registry.h"
#include "decode/framing.h"
#include "decode/json_pretty.h"
#include "decode/jsonl.h"
#include "decode/utf8.h"

#include <QTest>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sluice;
using namespace sluice::decode;

namespace {

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

class TestDecodePayloads : public QObject {
    Q_OBJECT
private slots:
    void framingDetection()
    {
        const Bytes framed{0x00, 0x00, 0x00, 0x01, 0x2C, 0x02, 'h', 'i'};
        const auto frame = detectSchemaRegistryFrame(framed);
        QVERIFY(frame.has_value());
        QCOMPARE(frame->schemaId, 300);
        QCOMPARE(frame->payload.size(), std::size_t{3});
        QCOMPARE(frame->payload[0], std::uint8_t{0x02});

        const Bytes headerOnly{0x00, 0x7F, 0xFF, 0xFF, 0xFF};
        QCOMPARE(detectSchemaRegistryFrame(headerOnly)->schemaId, 2'147'483'647);
        QVERIFY(detectSchemaRegistryFrame(headerOnly)->payload.empty());

        QVERIFY(!detectSchemaRegistryFrame(Bytes{0x00, 0x00, 0x00, 0x01})); // too short
        QVERIFY(!detectSchemaRegistryFrame(Bytes{0x01, 0x00, 0x00, 0x00, 0x01}));        // wrong magic
        QVERIFY(!detectSchemaRegistryFrame(Bytes{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2A})); // id 0: a long 42
        QVERIFY(!detectSchemaRegistryFrame(Bytes{0x00, 0x80, 0x00, 0x00, 0x01}));        // negative id
        QVERIFY(!detectSchemaRegistryFrame(toBytes("{\"a\":1}")));
        QVERIFY(!detectSchemaRegistryFrame(ByteView{}));
    }

    void framingNeverReadsPastTheBuffer()
    {
        // Every prefix of a framed value: detection looks only inside the span it is given.
        const Bytes framed{0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01};
        for (std::size_t n = 0; n <= framed.size(); ++n) {
            const auto frame = detectSchemaRegistryFrame(ByteView(framed).first(n));
            QCOMPARE(frame.has_value(), n >= 5);
            if (frame)
                QCOMPARE(frame->payload.size(), n - 5);
        }
    }

    void protobufMessageIndexes()
    {
        const auto shorthand = readProtobufMessageIndexes(Bytes{0x00, 0x0A});
        QVERIFY(shorthand.has_value());
        QCOMPARE(shorthand->indexes, std::vector<std::int32_t>{0});
        QCOMPARE(shorthand->byteLength, std::size_t{1});
        // count 2 (zigzag 4), indexes 1 (zigzag 2) and 3 (zigzag 6)
        const auto two = readProtobufMessageIndexes(Bytes{0x04, 0x02, 0x06, 0xFF});
        QVERIFY(two.has_value());
        QCOMPARE(two->indexes, (std::vector<std::int32_t>{1, 3}));
        QCOMPARE(two->byteLength, std::size_t{3});
        QVERIFY(!readProtobufMessageIndexes(Bytes{0x04, 0x02}));             // truncated
        QVERIFY(!readProtobufMessageIndexes(Bytes{0x03}));                   // negative count
        QVERIFY(!readProtobufMessageIndexes(Bytes{}));                       // empty
        QVERIFY(!readProtobufMessageIndexes(Bytes(11, 0xFF)));               // varint too long
        QVERIFY(!readProtobufMessageIndexes(Bytes{0xFE, 0x01}));             // 127 entries > limit
    }

    void automaticChoice()
    {
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        QCOMPARE(registry.decoders().size(), std::size_t{4});
        auto json = registry.decodeAuto(toBytes("{\"a\":[1,2],\"b\":{}}"));
        QVERIFY(json.hasValue());
        QCOMPARE(json->decoderId, std::string("json"));
        QCOMPARE(json->text, std::string("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}"));
        auto text = registry.decodeAuto(toBytes("plain text é"));
        QCOMPARE(text->decoderId, std::string("utf8"));
        QCOMPARE(text->text, std::string("plain text é"));
        auto number = registry.decodeAuto(toBytes("42"));
        QCOMPARE(number->decoderId, std::string("utf8")); // a JSON scalar reads fine as text
        const Bytes framed{0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x41};
        auto binary = registry.decodeAuto(framed);
        QCOMPARE(binary->decoderId, std::string("sr-framed"));
        QCOMPARE(binary->schemaId.value(), 7);
        // The inner bytes 02 41 hold a control character: hex after the frame line.
        QCOMPARE(binary->text, std::string("schema-registry framed: magic 0x00, schema id 7\n"
                                           "00000000  02 41                                             |.A|\n"));
        QCOMPARE(registry.decode("sr-framed", toBytes("{}")).error().kind, ErrorKind::Configuration);
        auto emptyInner = registry.decodeAuto(Bytes{0x00, 0x00, 0x00, 0x00, 0x07});
        QCOMPARE(emptyInner->text, std::string("schema-registry framed: magic 0x00, schema id 7\n(no payload after the header)"));
        QVERIFY(!registry.decodeAuto(toBytes("{}"))->schemaId.has_value());
        QCOMPARE(registry.decode("nope", framed).error().kind, ErrorKind::NotFound);
    }

    void decoderSeamAcceptsNewDecoders()
    {
        // A later Avro decoder would claim framed payloads with a high fitness.
        class FramedDecoder final : public PayloadDecoder {
        public:
            std::string_view id() const override { return "framed-test"; }
            std::string_view displayName() const override { return "Framed (test)"; }
            int fitness(const PayloadContext& context) const override { return context.frame ? 50 : 0; }
            Result<DecodedPayload> decode(const PayloadContext& context, const DecodeOptions&) const override
            {
                DecodedPayload out;
                out.decoderId = "framed-test";
                out.schemaId = context.frame->schemaId;
                out.text = std::to_string(context.frame->payload.size()) + " payload bytes";
                return out;
            }
        };
        DecoderRegistry registry = DecoderRegistry::withBuiltins();
        registry.add(std::make_shared<FramedDecoder>());
        auto decoded = registry.decodeAuto(Bytes{0x00, 0x00, 0x00, 0x00, 0x09, 0x01, 0x02});
        QCOMPARE(decoded->decoderId, std::string("framed-test"));
        QCOMPARE(decoded->text, std::string("2 payload bytes"));
        QCOMPARE(registry.decodeAuto(toBytes("{}"))->decoderId, std::string("json"));
        registry.add(std::make_shared<FramedDecoder>()); // same id replaces
        QCOMPARE(registry.decoders().size(), std::size_t{5});
    }

    void framedJsonGolden()
    {
        // tests/data/decode: a framed JSON value (schema id 42) and a framed text key (id 7).
        const std::filesystem::path dir = std::filesystem::path(qgetenv("SLUICE_TEST_DATA").toStdString()) / "decode";
        std::string line = readFile(dir / "framed_json.jsonl");
        while (!line.empty() && line.back() == '\n')
            line.pop_back();
        auto record = parseJsonLine(line);
        QVERIFY2(record.hasValue(), record.hasValue() ? "" : record.error().message.c_str());
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        auto value = registry.decodeAuto(*record->value);
        QVERIFY(value.hasValue());
        QCOMPARE(value->decoderId, std::string("sr-framed"));
        QCOMPARE(value->schemaId.value(), 42);
        QCOMPARE(value->text, readFile(dir / "framed_json.value.expected"));
        auto key = registry.decodeAuto(*record->key);
        QCOMPARE(key->schemaId.value(), 7);
        QCOMPARE(key->text, readFile(dir / "framed_json.key.expected"));
        // A bound on the output holds with the frame line counted in.
        auto bounded = registry.decode("sr-framed", *record->value, DecodeOptions{60});
        QVERIFY(bounded->isTruncated);
        QVERIFY(bounded->text.size() <= 60);
    }

    void hexDumpFormatAndBound()
    {
        const Bytes bytes{'{', '"', 'a', '"', ':', '1', '}', 0x00, 0xFF, 0x10, 'x', 'y', 'z', 'w', 'v', 'u', '!'};
        const HexDecoder hex;
        auto dump = hex.decode(DecoderRegistry::contextFor(bytes), {});
        QCOMPARE(dump->text, std::string("00000000  7b 22 61 22 3a 31 7d 00  ff 10 78 79 7a 77 76 75  |{\"a\":1}...xyzwvu|\n"
                                         "00000010  21                                                |!|\n"));
        const Bytes big(100'000, 0xAB);
        auto bounded = hex.decode(DecoderRegistry::contextFor(big), DecodeOptions{1000});
        QVERIFY(bounded->isTruncated);
        QVERIFY(bounded->text.size() <= 1000);
    }

    void utf8DecoderValidates()
    {
        const Utf8Decoder decoder;
        auto bad = decoder.decode(DecoderRegistry::contextFor(Bytes{'o', 'k', 0xC3, 0x28}), {});
        QVERIFY(!bad.hasValue());
        QVERIFY(bad.error().message.find("byte 2") != std::string::npos);
        QCOMPARE(decoder.fitness(DecoderRegistry::contextFor(Bytes{0xC3, 0x28})), 0);
        QCOMPARE(decoder.fitness(DecoderRegistry::contextFor(Bytes{'a', 0x01})), 0);
        QCOMPARE(decoder.fitness(DecoderRegistry::contextFor(toBytes("a\tb\r\n"))), kFitnessText);
        const std::string accents = "ééééé"; // 10 bytes
        auto cut = decoder.decode(DecoderRegistry::contextFor(toBytes(accents)), DecodeOptions{5});
        QVERIFY(cut->isTruncated);
        QCOMPARE(cut->text, std::string("éé")); // never half a character
    }

    void utf8Rules()
    {
        QVERIFY(utf8::isValid(toBytes("ascii, é, 中, 😀")));
        QVERIFY(!utf8::isValid(Bytes{0xC0, 0x80}));             // overlong NUL
        QVERIFY(!utf8::isValid(Bytes{0xED, 0xA0, 0x80}));       // surrogate
        QVERIFY(!utf8::isValid(Bytes{0xF4, 0x90, 0x80, 0x80})); // above U+10FFFF
        QVERIFY(!utf8::isValid(Bytes{0xE2, 0x82}));             // truncated
        QVERIFY(utf8::isValid(Bytes{0x00}));                    // NUL is valid UTF-8
        QCOMPARE(utf8::countCodePoints(toBytes("aé中x"), 6), std::size_t{3});
    }

    void base64()
    {
        QCOMPARE(base64::encode(toBytes("")), std::string(""));
        QCOMPARE(base64::encode(toBytes("f")), std::string("Zg=="));
        QCOMPARE(base64::encode(toBytes("fo")), std::string("Zm8="));
        QCOMPARE(base64::encode(toBytes("foo")), std::string("Zm9v"));
        QCOMPARE(base64::encode(toBytes("foobar")), std::string("Zm9vYmFy"));
        QVERIFY(base64::decode("Zm9vYmE=") == toBytes("fooba"));
        QVERIFY(base64::decode("Zm9vYmE") == toBytes("fooba"));
        QVERIFY(!base64::decode("Zm9vYmF"));   // leftover bits set
        QVERIFY(!base64::decode("Zm9v YmFy")); // whitespace
        QVERIFY(!base64::decode("Z"));
        QVERIFY(!base64::decode("Zg==="));
        QVERIFY(!base64::decode("Zm9=v"));
        QVERIFY(base64::decode("") == Bytes{});
    }

    void jsonReaderStrictness()
    {
        for (const char* valid : {"{}", "[]", "0", "-0.5e+3", "\"\\u00e9\\ud83d\\ude00\"", " {\"a\" : [true, false, null]} ",
                                  "1E9", "\"\xC3\xA9\""}) {
            QVERIFY2(json::isValid(valid), valid);
        }
        for (const char* invalid : {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "\"\\x\"", "\"a\nb\"",
                                    "{'a':1}", "[1] [2]", "nul", "\"\xC3\"", "{\"a\" 1}", "[1 2]", "\"\\u12\""}) {
            QVERIFY2(!json::isValid(invalid), invalid);
        }
        QVERIFY(json::isValid(std::string(256, '[') + std::string(256, ']')));
        QVERIFY(!json::isValid(std::string(257, '[') + std::string(257, ']')));
        std::string decoded;
        json::decodeString("caf\\u00e9 \\ud83d\\ude00 \\ud800 \\n", decoded);
        QCOMPARE(decoded, std::string("café 😀 \xEF\xBF\xBD \n"));
        QCOMPARE(json::parseInt("-9223372036854775808").value(), std::numeric_limits<std::int64_t>::min());
        QVERIFY(!json::parseInt("9223372036854775808"));
        QVERIFY(!json::parseInt("1e3"));
        QCOMPARE(json::parseDouble("1e3").value(), 1000.0);
        QVERIFY(std::isinf(json::parseDouble("1e999").value()));
    }

    void prettyPrinterBoundAndErrors()
    {
        auto printed = json::prettyPrint("{\"k\":\"caf\\u00e9\",\"n\":[],\"o\":{\"x\":null}}");
        QVERIFY(printed.hasValue());
        QCOMPARE(printed->text, std::string("{\n  \"k\": \"caf\\u00e9\",\n  \"n\": [],\n  \"o\": {\n    \"x\": null\n  }\n}"));
        QVERIFY(!printed->isTruncated);

        std::string big = "[";
        for (int i = 0; i < 100'000; ++i)
            big += (i ? ",\"ééééé\"" : "\"ééééé\"");
        big += "]";
        json::PrettyOptions options;
        options.maxOutputBytes = 4096;
        auto preview = json::prettyPrint(big, options);
        QVERIFY(preview.hasValue());
        QVERIFY(preview->isTruncated);
        QVERIFY(preview->text.size() <= 4096);
        QVERIFY(utf8::isValid(toBytes(preview->text)));

        auto broken = json::prettyPrint("{\"a\":[1,2}");
        QVERIFY(!broken.hasValue());
        QCOMPARE(broken.error().message, std::string("Not valid JSON at byte 9: expected ',' or ']'"));
        QCOMPARE(broken.error().kind, ErrorKind::Configuration);
        QVERIFY(!json::prettyPrint("{} {}").hasValue());
    }
};

QTEST_APPLESS_MAIN(TestDecodePayloads)
#include "test_decode_payloads.moc"
