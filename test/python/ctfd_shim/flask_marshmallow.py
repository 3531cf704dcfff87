"""Stand-in for flask_marshmallow: CTFd's models only construct one at import."""


class Marshmallow:
    pass
